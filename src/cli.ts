import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AuditService } from './audit/audit.service.js';
import { ALL_ROLES, type Role } from './auth/role.js';
import { createHub } from './bootstrap.js';
import { type AppConfig, loadConfig, StartupError } from './config/app-config.js';
import { BadArchiveError } from './backup/backup-archive.js';
import { type BackupSummary, BackupService } from './backup/backup.service.js';
import { requestBackup } from './backup/control-socket.js';
import { restoreBackup } from './backup/restore.js';
import { OrganisationsService } from './organisations/organisations.service.js';
import { UsersService } from './users/users.service.js';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  audit verify                      Check the audit log's hash chain; exit 1 at the first broken link
  backup create FILE                One consistent archive of the catalogue, DuckDB and uploads (the
                                    running server makes it; if none runs, the CLI opens the data folder)
  backup verify FILE                Check an archive's manifest and checksums; changes nothing
  backup restore FILE               Restore an archive into an empty DATA_DIR (and empty DATABASE_URL)
  organisations                     List partner organisations and their slugs
  users create --email E --name N --organisation SLUG --roles admin[,imb,...]
                                    Create an account; prints a one-time password (first admin in production)

Uses the same configuration as the server (DATA_DIR, DATABASE_URL, ...). With the embedded
database, stop the server first for the other commands: only one process may use the data folder.`;

async function main(argv: string[]): Promise<number> {
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
  const backupCommand = ['backup create', 'backup verify', 'backup restore'].includes(command);
  if (values.help || (backupCommand ? positionals.length !== 3 : !['audit verify', 'organisations', 'users create'].includes(positionals.join(' ')))) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  if (backupCommand) return runBackupCommand(config, command, positionals[2]);
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

async function runBackupCommand(config: AppConfig, command: string, file: string): Promise<number> {
  const print = (verb: string, s: BackupSummary) =>
    process.stdout.write(`${verb} ${s.file}: ${s.tables} catalogue tables, ${s.files} files, ${(s.bytes / 1e6).toFixed(1)} MB, made ${s.createdAt}.\n`);
  try {
    if (command === 'backup verify') print('Archive intact:', await BackupService.verify(file));
    else if (command === 'backup restore') print('Restored', await restoreBackup(config, file));
    else {
      const viaServer = await requestBackup(config.dataDir, file);
      if (viaServer) print('Backup written by the running server to', viaServer);
      else {
        const hub = await createHub(config, { seedDemo: false, purpose: 'cli backup create' });
        try {
          print('Backup written to', await hub.app.get(BackupService).create(file));
        } finally {
          await hub.close();
        }
      }
    }
    return 0;
  } catch (err) {
    if (err instanceof BadArchiveError) {
      process.stderr.write(`Refused: ${err.message} Nothing was changed.\n`);
      return 1;
    }
    throw err;
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
