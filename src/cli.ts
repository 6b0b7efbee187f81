import { parseArgs } from 'node:util';
import { warnIfNodeIsPastEndOfLife } from './config/node-version.js';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  audit verify                      Check the audit log's hash chain; exit 1 at the first broken link
  backup create FILE                One consistent archive of the catalogue, DuckDB and uploads (the
                                    running server makes it; if none runs, the CLI opens the data folder)
  backup verify FILE                Check an archive's manifest and checksums; changes nothing
  backup restore FILE               Restore an archive into an empty DATA_DIR (and empty DATABASE_URL)
  organisations                     List partner organisations and their slugs
  reference load FILE               Load a deprivation and population file (shape of
                                    reference/deprivation/imd2019-hampshire-iow.csv) as a new version
  reference status                  The deprivation reference data loaded, and the 2021 -> 2011 LSOA best fits
  users create --email E --name N --organisation SLUG --roles admin[,imb,...]
                                    Create an account; prints a one-time password (first admin in production)

Uses the same configuration as the server (DATA_DIR, DATABASE_URL, ...). With the embedded
database, stop the server first for the other commands: only one process may use the data folder.`;

async function main(argv: string[]): Promise<number> {
  warnIfNodeIsPastEndOfLife();
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      organisation: { type: 'string' },
      roles: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.slice(0, 2).join(' ');
  if (['backup create', 'backup verify', 'backup restore'].includes(command) && !values.help) {
    if (positionals.length !== 3) {
      process.stdout.write(`${USAGE}\n`);
      return 2;
    }
    const { runBackupCommand } = await import('./backup/backup-commands.js');
    return runBackupCommand(command, positionals[2]);
  }
  const file = command === 'reference load' ? positionals[2] : undefined;
  const known = ['audit verify', 'organisations', 'users create', 'reference status'].includes(command) || (command === 'reference load' && file && positionals.length === 3);
  if (values.help || !known || (positionals.length > 2 && command !== 'reference load')) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  // The hub (NestJS, both databases) loads only for a command that needs it: --help stays fast.
  const { runAdminCommand } = await import('./admin-commands.js');
  return runAdminCommand(command, { ...values, file });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (err) => {
    const { StartupError } = await import('./config/app-config.js');
    process.stderr.write(`${err instanceof StartupError ? err.message : `Error: ${(err as Error).message}`}\n`);
    process.exit(1);
  },
);
