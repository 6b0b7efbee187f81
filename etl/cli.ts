import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { warnIfNodeIsPastEndOfLife } from '../src/config/node-version.js';

const USAGE = `Usage: npm run etl -- <command>

Commands:
  feeds                                   List feeds: adapter, policy, dataset
  load --feed <slug> [--json] <files...>  Load files through a feed (progress, then a summary;
                                          --json prints the load records as a JSON array)
  loads [--feed <slug>] [--limit N] [--json]
                                          Recent loads, newest first
  rejects <loadId> [--out file.csv]       Rejected rows of a load as CSV (stdout by default)
  rollback <loadId>                       Remove exactly a load's rows (restoring rows it replaced)
  geography <folder>                      Load ONS boundaries (lad*.topo.json, lsoa/, wards/)

Same configuration as the server (DATA_DIR, DATABASE_URL, ...). With the embedded database,
stop the server first: only one process may use the data folder.`;

const COMMANDS = ['feeds', 'load', 'loads', 'rejects', 'rollback', 'geography'];

export async function main(argv: string[]): Promise<number> {
  warnIfNodeIsPastEndOfLife();
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      feed: { type: 'string' },
      json: { type: 'boolean' },
      limit: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !COMMANDS.includes(command)) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (command === 'load' && (!values.feed || args.length === 0)) return usage('load needs --feed <slug> and at least one file.');
  if (['rejects', 'rollback', 'geography'].includes(command) && args.length !== 1) return usage(`${command} needs one argument.`);
  if (command === 'load') {
    const missing = args.filter((f) => !existsSync(f));
    if (missing.length) return usage(`No such file: ${missing.join(', ')}`);
  }

  // The hub (NestJS, both databases) loads only for a command that needs it: --help and usage errors stay fast.
  const { runEtlCommand } = await import('../src/ingest/etl-commands.js');
  return runEtlCommand(command, args, values);
}

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('etl', 'cli.js'))) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    async (err) => {
      const { StartupError } = await import('../src/config/app-config.js');
      process.stderr.write(`${err instanceof StartupError ? err.message : `Error: ${(err as Error).message}`}\n`);
      process.exit(1);
    },
  );
}
