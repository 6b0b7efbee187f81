import { Global, Module } from '@nestjs/common';
import { AnalyticsStore } from './analytics-store.service.js';

@Global()
@Module({ providers: [AnalyticsStore], exports: [AnalyticsStore] })
export class AnalyticsStoreModule {}
