import 'reflect-metadata';
import { createHub } from '../bootstrap.js';
import { loadConfig } from '../config/app-config.js';
import { BadArchiveError } from './backup-archive.js';
import { type BackupSummary, BackupService } from './backup.service.js';
import { requestBackup } from './control-socket.js';
import { restoreBackup } from './restore.js';

/** Runs `backup create|verify|restore FILE` (parsed by src/cli.ts); returns the process exit code. */
export async function runBackupCommand(command: string, file: string): Promise<number> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
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
