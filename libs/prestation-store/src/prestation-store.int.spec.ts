import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { Topics } from '@prestaflow/contracts';
import { readLogFromStart } from '@prestaflow/event-store';
import { KAFKA, startService } from '@prestaflow/platform';
import { encodePrestationForWorker, validateAsWorker, T0 } from '@prestaflow/testing';
import { type Kafka } from 'kafkajs';
import { decodeEventLogEntry, type EventLogEntry } from './event-log.codec';
import { PrestationCommands } from './prestation-store';
import { PrestationStoreModule } from './prestation-store.module';

describe('the write side, real PostgreSQL and broker', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startService({ name: 'prestation-store-test', defaultPort: 0, imports: [PrestationStoreModule.forRoot()] }, { ...process.env, PORT: '0' });
  }, 60_000);

  afterAll(() => app?.close());

  it('decides, stores and publishes: the event reaches Kafka keyed by prestation id, valid against the contracts', async () => {
    const prestationId = randomUUID();
    const commands = app.get(PrestationCommands);
    const encoded = await commands.execute({ ...encodePrestationForWorker(T0), prestationId }, { correlationId: 'request-1' });
    expect(encoded.state).toMatchObject({ status: 'AwaitingWorker', version: 1 });
    const validated = await commands.execute({ ...validateAsWorker('2025-06-11T08:00:00.000Z'), prestationId });
    expect(validated.state).toMatchObject({ status: 'AwaitingUser', validatedBy: 'WORKER' });

    const found: EventLogEntry[] = [];
    const deadline = Date.now() + 30_000;
    while (found.length < 2 && Date.now() < deadline) {
      found.length = 0;
      await readLogFromStart({
        kafka: app.get<Kafka>(KAFKA),
        topic: Topics.PrestationEvents,
        onBatch: async (messages) => {
          for (const message of messages) {
            if (message.key?.toString() === prestationId) found.push(decodeEventLogEntry(message.value));
          }
        },
      });
    }
    expect(found.map((entry) => [entry.stream, entry.event.type, entry.event.streamPosition])).toEqual([
      ['prestation', 'PrestationEncoded', 1],
      ['prestation', 'WorkerValidated', 2],
    ]);
    expect(found[0]!.event).toMatchObject({ prestationId, correlationId: 'request-1', actor: { role: 'COMPANY' }, occurredAt: T0 });
  }, 60_000);
});
