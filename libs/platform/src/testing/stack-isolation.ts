import { Client } from 'pg';
import { uniqueName } from './integration';

/**
 * What one test stack (gateway, services, notification service...) has of its own on the shared
 * test broker and PostgreSQL server (ADR 0025): a database, created empty (the services migrate it
 * at boot, as in production) and dropped with the stack, and a consumer group per service. Its
 * notification service then claims only its own outbox rows, and sends no other test's e-mails;
 * the events other stacks publish on the shared topic find no stream in this database, so they
 * plan nothing here.
 */
export class StackIsolation {
  private constructor(
    private readonly serverUrl: string,
    readonly database: string,
    readonly databaseUrl: string,
  ) {}

  /** Creates `<prefix>_<random>` on the server of DATABASE_URL. */
  static async create(prefix: string, serverUrl = process.env['DATABASE_URL'] as string): Promise<StackIsolation> {
    const database = uniqueName(prefix);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    await StackIsolation.admin(serverUrl, `CREATE DATABASE ${database}`);
    return new StackIsolation(serverUrl, database, url.toString());
  }

  /**
   * Creates the database, then runs `start` (boot the stack on it); when `start` fails, drops the
   * database before passing the failure on, so a stack that never came up leaves nothing behind.
   */
  static async within<T>(prefix: string, start: (isolation: StackIsolation) => Promise<T>, serverUrl = process.env['DATABASE_URL'] as string): Promise<T> {
    const isolation = await StackIsolation.create(prefix, serverUrl);
    try {
      return await start(isolation);
    } catch (error) {
      await isolation.drop();
      throw error;
    }
  }

  /** The environment of one of the stack's services: its database and a consumer group of the stack's. */
  env(service: string): { DATABASE_URL: string; KAFKA_CONSUMER_GROUP: string } {
    return { DATABASE_URL: this.databaseUrl, KAFKA_CONSUMER_GROUP: `${service}.${this.database}` };
  }

  /** Drops the database, closing whatever connection is left (a killed service's). */
  async drop(): Promise<void> {
    await StackIsolation.admin(this.serverUrl, `DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
  }

  private static async admin(serverUrl: string, statement: string): Promise<void> {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  }
}
