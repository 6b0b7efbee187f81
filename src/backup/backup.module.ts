import { Module } from '@nestjs/common';
import { BackupScheduler } from './backup.scheduler.js';
import { BackupService } from './backup.service.js';

@Module({ providers: [BackupService, BackupScheduler], exports: [BackupService, BackupScheduler] })
export class BackupModule {}
