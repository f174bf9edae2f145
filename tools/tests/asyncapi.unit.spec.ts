import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { prestationEventContracts, Topics, userAbsenceEventContracts, workerProfileEventContracts } from '@prestaflow/contracts';
import { type RecordedEvent, toMessage } from '@prestaflow/event-store';
import { asyncApiDocument } from '../asyncapi/asyncapi';

interface Document {
  channels: Record<string, { address: string; messages: Record<string, unknown> }>;
  components: { messages: Record<string, { payload: object }> };
}

const document = asyncApiDocument() as Document;

describe('the AsyncAPI document of the event log', () => {
  it('is the committed docs/asyncapi/asyncapi.json (regenerate: node -r @swc-node/register docs/asyncapi/generate.ts)', () => {
    const committed: unknown = JSON.parse(readFileSync(resolve(__dirname, '../../docs/asyncapi/asyncapi.json'), 'utf8'));
    expect(committed).toEqual(document);
  });

  it('has one message per event contract on the event-log topic', () => {
    expect(document.channels['eventLog']!.address).toBe(Topics.PrestationEvents);
    expect(Object.keys(document.channels['eventLog']!.messages).sort()).toEqual(
      [...prestationEventContracts, ...workerProfileEventContracts, ...userAbsenceEventContracts].map((contract) => contract.type).sort(),
    );
  });

  it('describes the message the relay really publishes, and refuses data the contract refuses', () => {
    const ajv = addFormats(new Ajv({ strict: false }));
    const validate = ajv.compile(document.components.messages['WorkerValidated']!.payload);
    const event: RecordedEvent = {
      eventId: '0b7f3c9e-8d7a-4a47-9f57-2f1f0c1f9a11',
      streamId: 'p-1',
      streamPosition: 2,
      globalPosition: 17,
      transactionId: '7421',
      type: 'WorkerValidated',
      schemaVersion: 1,
      data: { version: 1 },
      actor: { id: '980000000001', role: 'WORKER' },
      occurredAt: '2025-06-02T08:00:00.000Z',
      recordedAt: '2025-06-02T08:00:00.123Z',
      correlationId: null,
      causationId: null,
    };
    const published = (e: RecordedEvent) => JSON.parse(String(toMessage(e).value)) as unknown;
    expect(validate(published(event))).toBe(true);
    expect(validate(published({ ...event, data: { version: 0 } }))).toBe(false);
    expect(validate(published({ ...event, type: 'WorkerContested' }))).toBe(false);
  });
});
