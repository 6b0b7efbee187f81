import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AuditService } from './audit/audit.service.js';
import { ALL_ROLES, type Role } from './auth/role.js';
import { createHub } from './bootstrap.js';
import { loadConfig, StartupError } from './config/app-config.js';
import { warnIfNodeIsPastEndOfLife } from './config/node-version.js';
import { OrganisationsService } from './organisations/organisations.service.js';
import { UsersService } from './users/users.service.js';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  audit verify                      Check the audit log's hash chain; exit 1 at the first broken link
  organisations                     List partner organisations and their slugs
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
  const command = positionals.join(' ');
  if (values.help || !['audit verify', 'organisations', 'users create'].includes(command)) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const hub = await createHub(config, { seedDemo: false, purpose: `cli ${command}` });
  try {
    if (command === 'audit verify') {
      const report = await hub.app.get(AuditService).verify();
      if (report.ok) process.stdout.write(`Audit log intact: ${report.entriesChecked} entries checked.\n`);
      else process.stdout.write(`Audit log BROKEN at entry ${report.firstBreak!.id} (${report.firstBreak!.reason}) after ${report.entriesChecked} good entries.\n`);
      return report.ok ? 0 : 1;
    }
    if (command === 'organisations') {
      for (const o of await hub.app.get(OrganisationsService).list()) process.stdout.write(`${o.slug.padEnd(28)} ${o.name}\n`);
      return 0;
    }
    return await createUser(hub.app.get(UsersService), values);
  } finally {
    await hub.close();
  }
}

async function createUser(users: UsersService, v: { email?: string; name?: string; organisation?: string; roles?: string }): Promise<number> {
  const roles = (v.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !ALL_ROLES.includes(r as Role));
  if (!v.email || !v.name || !v.organisation || roles.length === 0 || unknown.length) {
    process.stderr.write(
      unknown.length ? `Unknown role(s): ${unknown.join(', ')}. Roles: ${ALL_ROLES.join(', ')}\n` : 'Give --email, --name, --organisation and --roles.\n',
    );
    return 2;
  }
  const created = await users.createBySystem({ email: v.email, displayName: v.name, organisationSlug: v.organisation, roles: roles as Role[] });
  process.stdout.write(`Created ${created.user.email} (${roles.join(', ')}).\nOne-time password: ${created.temporaryPassword}\nThey must change it at first sign-in.\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof StartupError ? err.message : `Error: ${(err as Error).message}`}\n`);
    process.exit(1);
  },
);
