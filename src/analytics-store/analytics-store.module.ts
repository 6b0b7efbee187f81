import { Global, Module } from '@nestjs/common';
import { AnalyticsStore } from './analytics-store.service.js';
import { PublishGate } from './publish-gate.js';

@Global()
@Module({ providers: [AnalyticsStore, PublishGate], exports: [AnalyticsStore, PublishGate] })
export class AnalyticsStoreModule {}
