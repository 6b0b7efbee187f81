import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { BackupService, BackupSummary } from './backup.service.js';

/**
 * While the server runs it owns the data folder, so `npm run cli -- backup create` asks it to make
 * the backup through a Unix socket in the data folder (mode 0600: only the hub's own account, and
 * root, can use it). One request per connection: a JSON line in, a JSON line out.
 */
export const controlSocketPath = (dataDir: string): string => path.join(dataDir, 'control.sock');

const MAX_SOCKET_PATH = 107;

export async function listenForControl(dataDir: string, backups: BackupService): Promise<() => Promise<void>> {
  const file = controlSocketPath(dataDir);
  if (file.length > MAX_SOCKET_PATH) return async () => {};
  // The data-folder lock is ours, so a socket file left here belongs to a hub that died.
  if (existsSync(file)) unlinkSync(file);
  const server = net.createServer((socket) => {
    let input = '';
    socket.on('data', (d) => {
      input += d;
      if (!input.includes('\n')) return;
      const request = JSON.parse(input.slice(0, input.indexOf('\n'))) as { command: string; file?: string };
      const answer = request.command === 'backup.create' && request.file
        ? backups.create(request.file).then((summary) => ({ ok: true, summary }), (err: Error) => ({ ok: false, error: err.message }))
        : Promise.resolve({ ok: false, error: `Unknown command ${request.command}` });
      void answer.then((a) => socket.end(`${JSON.stringify(a)}\n`));
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(file, () => resolve()));
  chmodSync(file, 0o600);
  return () => new Promise((resolve) => server.close(() => resolve()));
}

/** Asks a running hub for a backup; null when no hub answers on the data folder's socket. */
export function requestBackup(dataDir: string, file: string): Promise<BackupSummary | null> {
  const socketFile = controlSocketPath(dataDir);
  if (!existsSync(socketFile)) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketFile);
    let output = '';
    let connected = false;
    socket.on('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify({ command: 'backup.create', file: path.resolve(file) })}\n`);
    });
    socket.on('data', (d) => (output += d));
    socket.on('end', () => {
      const reply = JSON.parse(output) as { ok: boolean; summary?: BackupSummary; error?: string };
      if (reply.ok) resolve(reply.summary!);
      else reject(new Error(reply.error));
    });
    socket.on('error', (err) => (connected ? reject(err) : resolve(null)));
  });
}
