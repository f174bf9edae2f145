import { DataSource } from 'typeorm';
import { type PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { migrations } from './migrations';

export interface DatabaseOptions {
  readonly url: string;
  /** A PostgreSQL schema to work in (tests isolate themselves this way); `public` by default. */
  readonly schema?: string;
  readonly applicationName?: string;
  readonly poolSize?: number;
}

/** The one way a process opens the platform's database: migrations known, never `synchronize`. */
export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}

export function dataSourceOptions(options: DatabaseOptions): PostgresConnectionOptions {
  const schema = options.schema ?? 'public';
  return {
    type: 'postgres',
    url: options.url,
    schema,
    migrations: [...migrations],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName,
    // Raw SQL of the event store and projections relies on unqualified names.
    extra: { options: `-c search_path=${quoteIdentifier(schema)}` },
  };
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
