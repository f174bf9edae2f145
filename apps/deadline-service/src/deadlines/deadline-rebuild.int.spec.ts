import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { ValidationError } from '@prestaflow/contracts';
import { defaultPolicy } from '@prestaflow/domain';
import { RebuildStoppedError } from '@prestaflow/event-store';
import { createDataSource, migrate, quoteIdentifier } from '@prestaflow/platform';
import { integrationEnvironment, uniqueName } from '@prestaflow/platform/testing';
import { PrestationCommands } from '@prestaflow/write-side';
import { encodePrestationForWorker, T0 } from '@prestaflow/testing';
import { DeadlineTable } from './deadline-table';
import { DeadlinesController } from './deadlines.controller';

// POST /deadlines/rebuild meeting a poison event (issue #10 item 2), on a schema of its own so
// that no other test's service sees the poison.
describe('rebuilding the deadlines table past a bad event, real PostgreSQL', () => {
  let dataSource: DataSource;
  let schema: string;
  let table: DeadlineTable;
  // In stream order, which is the rebuild's: the poisoned prestation is the middle one.
  const [before, poisoned, after] = [randomUUID(), randomUUID(), randomUUID()].sort() as [string, string, string];
  const rowsOf = async () =>
    Object.fromEntries(await Promise.all([before, poisoned, after].map(async (id) => [id, (await table.ofPrestation(id)).length] as const)));

  beforeAll(async () => {
    schema = uniqueName('deadline_rebuild');
    dataSource = await createDataSource({ url: integrationEnvironment().databaseUrl, schema }).initialize();
    await migrate(dataSource);
    table = new DeadlineTable(dataSource);
    const commands = new PrestationCommands(dataSource, defaultPolicy);
    for (const prestationId of [before, poisoned, after]) await commands.execute({ ...encodePrestationForWorker(T0), prestationId });
    // A WorkerValidated with none of its contract's fields, written past every API, as a
    // poison event of the past would be.
    await dataSource.query(`UPDATE event_streams SET version = 2 WHERE stream_id = $1`, [poisoned]);
    await dataSource.query(
      `INSERT INTO events (event_id, stream_id, stream_position, type, schema_version, occurred_at, actor_id, actor_role, data)
       VALUES ($1, $2, 2, 'WorkerValidated', 1, $3, '980000000001', 'WORKER', '{}')`,
      [randomUUID(), poisoned, T0],
    );
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await dataSource?.destroy();
  });

  beforeEach(() => dataSource.query('DELETE FROM deadlines'));

  it('stops at the bad event by default, naming stream, position and why (409 ILLEGAL_STATE); the prestations before it are rebuilt', async () => {
    const stopped = await table.rebuild().catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(RebuildStoppedError);
    expect(stopped).toMatchObject({ code: 'ILLEGAL_STATE', badEvent: { streamId: poisoned, streamPosition: 2, type: 'WorkerValidated', code: 'VALIDATION' } });
    expect((stopped as Error).message).toContain(`rebuild of the deadlines stopped at a bad event: stream ${poisoned} #2 (WorkerValidated`);
    expect(await rowsOf()).toEqual({ [before]: 1, [poisoned]: 0, [after]: 0 });
  });

  it('with skip, reports the bad event and goes on with the next prestations', async () => {
    const result = await new DeadlinesController(table).rebuild('skip');
    expect(result).toEqual({
      prestations: 3,
      badEvents: [{ streamId: poisoned, streamPosition: 2, eventId: expect.any(String), type: 'WorkerValidated', code: 'VALIDATION', reason: expect.any(String) }],
    });
    expect(await rowsOf()).toEqual({ [before]: 1, [poisoned]: 0, [after]: 1 });
  });

  it('fills a table never projected by itself, once, skipping the bad event (ADR 0026: after the migration that emptied it)', async () => {
    await dataSource.query(`DELETE FROM projection_checkpoints WHERE projection = 'deadlines'`);
    expect(await table.fillIfNeverProjected()).toBe(3);
    expect(await rowsOf()).toEqual({ [before]: 1, [poisoned]: 0, [after]: 1 });

    await dataSource.query('DELETE FROM deadlines');
    expect(await table.fillIfNeverProjected()).toBeUndefined();
    expect(await rowsOf()).toEqual({ [before]: 0, [poisoned]: 0, [after]: 0 });
  });

  it('refuses another onBadEvent (400 VALIDATION), before touching the table', () => {
    expect(() => new DeadlinesController(table).rebuild('sometimes')).toThrow(ValidationError);
  });
});
