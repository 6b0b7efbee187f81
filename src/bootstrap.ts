import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import type { AppConfig } from './config/app-config.js';
import { lockDataDir } from './database/data-dir-lock.js';
import { openPostgres } from './database/postgres-endpoint.js';
import { DemoSeedService } from './demo/demo-seed.service.js';
import type { DemoAccount } from './demo/demo-accounts.js';
import { GovernanceDemoSeed } from './governance/governance-demo.seed.js';
import { DemoDataService } from './ingest/demo-data.service.js';
import { AccessDemoSeed } from './access/access-demo.seed.js';
import { AnalyticsDemoSeed } from './analytics/analytics-demo.seed.js';
import { GeographyService } from './ingest/geography.service.js';
import { InboxService } from './ingest/inbox.service.js';
import { BackupService } from './backup/backup.service.js';
import { listenForControl } from './backup/control-socket.js';
import { ViewsDemoSeed } from './views/views-demo.seed.js';
import { OutboxWorker } from './mail/outbox-worker.js';
import { SchedulerService } from './scheduler/scheduler.service.js';

export interface RunningHub {
  app: NestExpressApplication;
  demoAccounts: readonly DemoAccount[];
  /** Closes the app, then the databases, then releases the data folder. */
  close(): Promise<void>;
}

/**
 * Opens the stores, builds the app, runs migrations and seeding. Used by main.ts and the tests,
 * so the tests boot exactly what users run.
 */
export async function createHub(
  config: AppConfig,
  options: { lockDataDir?: boolean; seedDemo?: boolean; purpose?: string } = {},
): Promise<RunningHub> {
  const usesDataDir = !config.databaseUrl || config.duckdbPath.startsWith(config.dataDir);
  const unlock = options.lockDataDir !== false && usesDataDir ? lockDataDir(config.dataDir, options.purpose ?? 'server') : () => {};
  try {
    const postgres = await openPostgres(config);
    try {
      const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, postgres), {
        bufferLogs: true,
        bodyParser: false,
      });
      configureApp(app, config);
      await app.init();
      if ((options.purpose ?? 'server') === 'server' && !config.referenceDataDir) await app.get(GeographyService).importShippedIfNone();
      const demoAccounts = options.seedDemo === false ? [] : await app.get(DemoSeedService).seedIfEmpty();
      if (demoAccounts.length > 0) await app.get(GovernanceDemoSeed).seed();
      if (demoAccounts.length > 0) await app.get(DemoDataService).loadIfEmpty();
      if (demoAccounts.length > 0) await app.get(AccessDemoSeed).seed();
      if (demoAccounts.length > 0) await app.get(AnalyticsDemoSeed).seed();
      if (demoAccounts.length > 0) await app.get(ViewsDemoSeed).seed();
      const serving = (options.purpose ?? 'server') === 'server';
      if (serving) {
        await app.get(InboxService).start();
        app.get(OutboxWorker).start();
        app.get(SchedulerService).start();
      }
      const stopControl = serving && usesDataDir ? await listenForControl(config.dataDir, app.get(BackupService)) : async () => {};
      return {
        app,
        demoAccounts,
        close: async () => {
          await stopTakingRequests(app);
          await stopControl();
          await app.close();
          await postgres.close();
          unlock();
        },
      };
    } catch (err) {
      await postgres.close().catch(() => undefined);
      throw err;
    }
  } catch (err) {
    unlock();
    throw err;
  }
}

/**
 * Stops accepting connections and waits for requests in flight to finish, before the shutdown hooks
 * run: their deferred audit entries are then queued in time to be written before the database
 * closes (Nest itself closes the HTTP server only after those hooks).
 */
function stopTakingRequests(app: NestExpressApplication): Promise<void> {
  const server = app.getHttpServer() as Server;
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}
