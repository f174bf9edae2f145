import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { Topics, ValidationError } from '@prestaflow/contracts';
import { readLogFromStart } from '@prestaflow/event-store';
import { KAFKA, startService } from '@prestaflow/platform';
import { encodePrestationForWorker, validateAsWorker, T0 } from '@prestaflow/testing';
import { type Kafka } from 'kafkajs';
import { decodeEventLogEntry, type EventLogEntry } from '@prestaflow/event-codecs';
import { PrestationCommands } from './prestation-store';
import { PrestationStoreModule } from './prestation-store.module';

describe('the write side, real PostgreSQL and broker', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startService({ name: 'prestation-store-test', defaultPort: 0, imports: [PrestationStoreModule.forRoot()] }, { ...process.env, PORT: '0' });
  }, 60_000);

  afterAll(() => app?.close(), 60_000);

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

  describe('one contract: the event store appends nothing the event contracts refuse (issue #10, ADR 0013)', () => {
    const written = async (prestationId: string) =>
      (await app.get(DataSource).query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [prestationId])) as [{ n: number }];
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => (expect(error).toBeInstanceOf(ValidationError), (error as ValidationError).field),
      );

    it('a correlation id over the envelope\'s 100 characters: 400 VALIDATION naming it, nothing written', async () => {
      const prestationId = randomUUID();
      const field = await refusal(app.get(PrestationCommands).execute({ ...encodePrestationForWorker(T0), prestationId }, { correlationId: 'k'.repeat(101) }));
      expect(field).toBe('correlationId');
      expect(await written(prestationId)).toEqual([{ n: 0 }]);
    });

    it('whatever the decider lets through, text or a date PostgreSQL cannot hold is refused before the append', async () => {
      const poison = fc.oneof(
        fc.record({ reason: fc.tuple(fc.string({ maxLength: 5 }), fc.constantFrom('\u0000', '\ud800', '\udfff')).map(([text, bad]) => `x${text}${bad}`) }),
        fc.record({ serviceDate: fc.integer({ min: 0, max: 2003 }).map((year) => `${String(year).padStart(4, '0')}-06-10`) }),
      );
      await fc.assert(
        fc.asyncProperty(poison, async (data) => {
          const prestationId = randomUUID();
          const field = await refusal(app.get(PrestationCommands).execute({ ...encodePrestationForWorker(T0, data), prestationId }));
          expect(field).toBe(`data.${Object.keys(data)[0]}`);
          expect(await written(prestationId)).toEqual([{ n: 0 }]);
        }),
        { numRuns: 25 },
      );
    });
  });
});
