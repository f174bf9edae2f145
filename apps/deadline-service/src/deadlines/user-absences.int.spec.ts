import { randomUUID } from 'node:crypto';
import { type PrestationCommand } from '@prestaflow/contracts';
import { defaultPolicy } from '@prestaflow/domain';
import { EventStore, type RecordedEvent, toMessage } from '@prestaflow/event-store';
import { ControllableClock, createDataSource, migrate } from '@prestaflow/platform';
import { integrationEnvironment, uniqueName } from '@prestaflow/platform/testing';
import { PrestationCommands, UserAbsenceCommands } from '@prestaflow/write-side';
import { encodePrestationForWorker } from '@prestaflow/testing';
import { type DataSource } from 'typeorm';
import { loadDeadlineConfig } from '../config';
import { DeadlinePoller } from './deadline-poller';
import { DeadlineTable } from './deadline-table';
import { DeadlinesConsumer } from './deadlines.consumer';
import { UserAbsences } from './user-absences';

// A schema of its own with no relay and no consumer: the test delivers each event to the
// consumer itself (or, to play a crash, does not) and runs the poller at chosen instants.
describe('R17 the deadline service applies the user\'s declared absences, real PostgreSQL', () => {
  const schema = uniqueName('absences');
  let dataSource: DataSource;
  let commands: PrestationCommands;
  let declarations: UserAbsenceCommands;
  let table: DeadlineTable;
  let consumer: DeadlinesConsumer;
  let poller: DeadlinePoller;
  const clock = new ControllableClock(new Date('2040-01-01T00:00:00.000Z'));

  beforeAll(async () => {
    dataSource = await createDataSource({ url: integrationEnvironment().databaseUrl, schema }).initialize();
    await migrate(dataSource);
    commands = new PrestationCommands(dataSource, defaultPolicy);
    declarations = new UserAbsenceCommands(dataSource, defaultPolicy);
    table = new DeadlineTable(dataSource);
    const absences = new UserAbsences(dataSource, commands, table);
    consumer = new DeadlinesConsumer(table, absences);
    poller = new DeadlinePoller(table, commands, absences, clock, { ...loadDeadlineConfig({}), fireFrom: null });
  }, 60_000);

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA ${schema} CASCADE`);
    await dataSource?.destroy();
  });

  const deliver = async (events: readonly RecordedEvent[]) => {
    for (const event of events) await consumer.onEvents([toMessage(event).value]);
  };
  const execute = async (command: PrestationCommand) => (await commands.execute(command)).events;
  const declare = async (now: string, from: string, to: string) =>
    (await declarations.execute({ type: 'DeclareUserAbsence', userId: user, data: { from, to }, metadata: { now, actor: { id: user, role: 'USER' } } })).events;
  const stream = async (prestationId: string) => (await new EventStore(dataSource).readStream(prestationId)).events;
  const summary = async (prestationId: string) =>
    (await stream(prestationId)).map((event) => [event.type, event.occurredAt, (event.data as { dueAt?: string }).dueAt ?? null]);
  /**
   * Fires what is due at `now` as the poller's timer would, delivers what was written as the relay
   * would, and again until nothing more is due: a row names one deadline at a time (ADR 0026), the
   * next once the fired one's event is folded.
   */
  const fireAt = async (prestationId: string, now: string) => {
    let delivered = (await stream(prestationId)).length;
    clock.set(new Date(now));
    while ((await poller.fireDue()) > 0) {
      for (let events = await stream(prestationId); events.length > delivered; events = await stream(prestationId)) {
        await deliver(events.slice(delivered));
        delivered = events.length;
      }
    }
  };

  // Each test has its own user (the absences are per user) and its own year.
  let user = '';
  beforeEach(() => {
    user = `1${String(Date.now()).slice(-11)}`;
  });

  it('a window that opens after the declaration is extended as soon as it opens', async () => {
    const id = randomUUID();
    // Monday 5 March 2040: the worker deadline is Monday 12 March, 23:59:59.999 in Brussels.
    await deliver(await execute({ ...encodePrestationForWorker('2040-03-05T09:00:00.000Z', { userId: user, serviceDate: '2040-03-05' }), prestationId: id }));
    await deliver(await declare('2040-03-06T10:00:00.000Z', '2040-03-20', '2040-03-29'));
    expect((await stream(id)).map((event) => event.type)).toEqual(['PrestationEncoded']); // no window runs yet

    await fireAt(id, '2040-03-12T22:59:59.999Z');
    // 60 days from the lapsed deadline (16 May), then 10 more for the absence of 10 calendar days.
    expect(await summary(id)).toEqual([
      ['PrestationEncoded', '2040-03-05T09:00:00.000Z', null],
      ['AutoValidated', '2040-03-12T22:59:59.999Z', null],
      ['UserDelayExtended', '2040-03-12T22:59:59.999Z', '2040-05-21T21:59:59.999Z'],
    ]);
    expect((await table.ofPrestation(id)).map((d) => [d.kind, d.dueAt])).toEqual([
      ['REMINDER', '2040-04-11T21:59:59.999Z'],
      ['REMINDER', '2040-05-01T21:59:59.999Z'],
      ['USER', '2040-05-21T21:59:59.999Z'],
    ]);
  }, 30_000);

  it('an absence recorded whose application never ran (a crash) is still applied before the first user deadline fires, never twice', async () => {
    const id = randomUUID();
    await deliver(await execute({ ...encodePrestationForWorker('2041-03-04T09:00:00.000Z', { userId: user, serviceDate: '2041-03-04' }), prestationId: id }));
    await fireAt(id, '2041-03-11T22:59:59.999Z'); // the window opens: 60 days, reminders at day 20 and 40
    expect(await table.ofPrestation(id)).toHaveLength(3);
    await declare('2041-03-15T10:00:00.000Z', '2041-04-01', '2041-04-05'); // recorded; its event never delivered

    const extendedBefore = poller.counts.extended;
    await fireAt(id, '2041-03-31T21:59:59.999Z'); // reminder 1 is due: the absence comes first
    expect(poller.counts.extended).toBe(extendedBefore + 1);
    expect((await summary(id)).slice(2)).toEqual([['UserDelayExtended', '2041-03-31T21:59:59.999Z', '2041-05-15T21:59:59.999Z']]);
    expect((await stream(id))[2]!.actor).toEqual({ id: 'deadline-service', role: 'SYSTEM' });

    // The old instants fire nothing: the reminders and the confirmation moved by 5 days.
    await fireAt(id, '2041-05-10T21:59:59.999Z');
    expect((await stream(id)).map((event) => event.type)).toEqual(['PrestationEncoded', 'AutoValidated', 'UserDelayExtended', 'UserReminderTriggered', 'UserReminderTriggered']);
    await fireAt(id, '2041-05-15T21:59:59.999Z');
    expect((await summary(id)).slice(3)).toEqual([
      ['UserReminderTriggered', '2041-04-05T21:59:59.999Z', '2041-04-05T21:59:59.999Z'],
      ['UserReminderTriggered', '2041-04-25T21:59:59.999Z', '2041-04-25T21:59:59.999Z'],
      ['AutoValidated', '2041-05-15T21:59:59.999Z', null],
    ]);
    expect(await table.ofPrestation(id)).toEqual([]);
  }, 30_000);

  it('a declaration reaches the user\'s running windows at once; delivered again, it changes nothing', async () => {
    const id = randomUUID();
    await deliver(await execute({ ...encodePrestationForWorker('2042-03-03T09:00:00.000Z', { userId: user, serviceDate: '2042-03-03' }), prestationId: id }));
    await fireAt(id, '2042-03-10T22:59:59.999Z');
    const declared = await declare('2042-03-20T10:00:00.000Z', '2042-04-01', '2042-04-03');
    await deliver(declared);
    await deliver(declared);
    expect((await summary(id)).slice(2)).toEqual([['UserDelayExtended', '2042-03-20T10:00:00.000Z', '2042-05-12T21:59:59.999Z']]);
  }, 30_000);
});
