import 'reflect-metadata';
import { createHub } from './bootstrap.js';
import { loadConfig, StartupError } from './config/app-config.js';
import { warnIfNodeIsPastEndOfLife } from './config/node-version.js';
import { DEMO_ACCOUNTS } from './demo/demo-accounts.js';

async function main(): Promise<void> {
  warnIfNodeIsPastEndOfLife();
  const config = loadConfig();
  const hub = await createHub(config);
  try {
    await hub.app.listen(config.port, config.host);
  } catch (err) {
    // Close the embedded databases cleanly before giving up, so the next start finds them intact.
    await hub.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartupError(`port ${config.port} on ${config.host} is already in use. Stop the other process, or set PORT to a free port.`);
    }
    throw err;
  }
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const lines = [
    '',
    `csp-hub is running at ${url}`,
    `  API documentation: ${url}/api/docs`,
    `  PostgreSQL: ${config.databaseUrl ? 'server from DATABASE_URL' : `embedded (${config.embeddedPostgresDir})`}`,
    `  DuckDB: ${config.duckdbPath}`,
  ];
  if (config.demo.seed && config.env !== 'production') {
    lines.push('', `Demo sign-ins (password: ${process.env.DEMO_PASSWORD ? 'the DEMO_PASSWORD you set' : config.demo.password}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`  ${a.email.padEnd(40)} ${a.roles.join(', ')}`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}; finishing requests and closing the databases...\n`);
    const timer = setTimeout(() => process.exit(1), 15_000).unref();
    await hub.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof StartupError) process.stderr.write(`csp-hub could not start: ${err.message}\n`);
  else process.stderr.write(`csp-hub could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
