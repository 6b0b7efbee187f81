import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options.js';
import type { PostgresEndpoint } from './postgres-endpoint.js';

export const POSTGRES_ENDPOINT = Symbol('POSTGRES_ENDPOINT');

/** TypeORM on the PostgreSQL endpoint opened by the entry point (embedded or server). */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(endpoint: PostgresEndpoint, quiet = false): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(endpoint, quiet))],
      providers: [{ provide: POSTGRES_ENDPOINT, useValue: endpoint }],
      exports: [POSTGRES_ENDPOINT],
    };
  }
}
