import { parseArgs } from 'node:util';
import { warnIfNodeIsPastEndOfLife } from './config/node-version.js';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  audit verify                      Check the audit log's hash chain; exit 1 at the first broken link
  organisations                     List partner organisations and their slugs
  reference load FILE               Load a deprivation and population file (shape of
                                    reference/deprivation/imd2019-hampshire-iow.csv) as a new version
  reference status                  The deprivation reference data loaded, and the 2021 -> 2011 LSOA best fits
  users create --email E --name N --organisation SLUG --roles admin[,imb,...]
                                    Create an account; prints a one-time password (first admin in production)

Uses the same configuration as the server (DATA_DIR, DATABASE_URL, ...). With the embedded
database, stop the server first: only one process may use the data folder.`;

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
