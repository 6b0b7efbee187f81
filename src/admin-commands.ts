import 'reflect-metadata';
import { AuditService } from './audit/audit.service.js';
import { ALL_ROLES, type Role } from './auth/role.js';
import { createHub } from './bootstrap.js';
import { loadConfig } from './config/app-config.js';
import { OrganisationsService } from './organisations/organisations.service.js';
import { UsersService } from './users/users.service.js';
import { DomainError } from './common/domain-error.js';
import { ReferenceDataService } from './reference/reference-data.service.js';
import { ReferenceQueryService } from './reference/reference-query.service.js';

/** Options of `npm run cli` a command may use (parsed by src/cli.ts). */
export interface AdminOptions {
  email?: string;
  name?: string;
  organisation?: string;
  roles?: string;
  /** The file of `reference load`. */
  file?: string;
}

/** Runs one administration command on a hub opened for it; returns the process exit code. */
export async function runAdminCommand(command: string, values: AdminOptions): Promise<number> {
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
    if (command === 'reference load') return await loadReference(hub.app.get(ReferenceDataService), values.file!);
    if (command === 'reference status') {
      process.stdout.write(`${JSON.stringify(await hub.app.get(ReferenceQueryService).status(), null, 2)}\n`);
      return 0;
    }
    return await createUser(hub.app.get(UsersService), values);
  } finally {
    await hub.close();
  }
}

async function loadReference(reference: ReferenceDataService, file: string): Promise<number> {
  try {
    const { version, changed } = await reference.load(file);
    process.stdout.write(
      changed
        ? `Loaded ${version.source} as deprivation reference data version ${version.version}: ${version.rows} LSOAs, SHA-256 ${version.sha256}.\n`
        : `${file} is already loaded (version ${version.version}, same SHA-256); nothing changed.\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof DomainError) {
      process.stderr.write(`${err.message}\n`);
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
