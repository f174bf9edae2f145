import { actorRoles, type EventContract, prestationEventContracts, Topics, topicDefinitions, userAbsenceEventContracts, workerProfileEventContracts } from '@prestaflow/contracts';

/**
 * The AsyncAPI 3.0 document of the platform's topics, for the internal services that subscribe:
 * built from libs/contracts (topics, event types, versions and data schemas) and from the
 * message the relay publishes (libs/event-store/src/codec.ts), so it cannot say something the code does not do.
 * docs/asyncapi/asyncapi.json is this, written by docs/asyncapi/generate.ts; a test keeps it current.
 */
export function asyncApiDocument(): object {
  const topic = (name: string) => {
    const found = topicDefinitions.find((definition) => definition.name === name);
    if (!found) throw new Error(`no topic definition for ${name}`);
    return found;
  };
  const eventLog = topic(Topics.PrestationEvents);
  const deadLetters = topic(Topics.DeadLetters);
  const contracts: ReadonlyArray<{ stream: string; contract: EventContract }> = [
    ...prestationEventContracts.map((contract) => ({ stream: 'prestation', contract })),
    ...workerProfileEventContracts.map((contract) => ({ stream: 'worker profile', contract })),
    ...userAbsenceEventContracts.map((contract) => ({ stream: 'user absence', contract })),
  ];
  const messages = Object.fromEntries(
    contracts.map(({ stream, contract }) => [
      contract.type,
      {
        name: contract.type,
        title: contract.type,
        summary: `A ${stream} event, schema version ${contract.schemaVersion}; key: the ${stream} id (the stream id).`,
        contentType: 'application/json',
        headers: { $ref: '#/components/schemas/EventHeaders' },
        payload: recordedEventSchema(contract),
      },
    ]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Prestaflow event log',
      version: '1.0.0',
      description:
        'Every recorded event, published by the relay from the PostgreSQL events table in commit order, keyed by stream id: ' +
        'one partition per stream, so a consumer sees each stream in order. A message may be delivered again (after a relay ' +
        'crash): consumers skip what they have by streamPosition. Generated from libs/contracts by docs/asyncapi/generate.ts.',
    },
    channels: {
      eventLog: {
        address: eventLog.name,
        description: `${eventLog.partitions} partitions, kept forever (${JSON.stringify(eventLog.config)}): offset 0 holds the whole history.`,
        messages: Object.fromEntries(Object.keys(messages).map((type) => [type, { $ref: `#/components/messages/${type}` }])),
        bindings: { kafka: { partitions: eventLog.partitions, topicConfiguration: { 'retention.ms': Number(eventLog.config['retention.ms']) } } },
      },
      deadLetters: {
        address: deadLetters.name,
        description: 'Messages a consumer gave up on: the original key and value, where they came from and why, in headers.',
        messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
        bindings: { kafka: { partitions: deadLetters.partitions } },
      },
    },
    operations: {
      consumeEventLog: { action: 'receive', channel: { $ref: '#/channels/eventLog' }, summary: 'What a service subscribes to (one consumer group per service).' },
      publishEventLog: { action: 'send', channel: { $ref: '#/channels/eventLog' }, summary: 'Only the event relay publishes.' },
      consumeDeadLetters: { action: 'receive', channel: { $ref: '#/channels/deadLetters' }, summary: 'The operator lists and replays them.' },
    },
    components: {
      messages: {
        ...messages,
        DeadLetter: {
          name: 'DeadLetter',
          contentType: 'application/json',
          summary: 'The failed message, key and value unchanged.',
          headers: {
            type: 'object',
            required: ['x-original-topic', 'x-original-partition', 'x-original-offset', 'x-consumer-group', 'x-error', 'x-error-code'],
            properties: Object.fromEntries(
              ['x-original-topic', 'x-original-partition', 'x-original-offset', 'x-consumer-group', 'x-error', 'x-error-code'].map((name) => [name, { type: 'string' }]),
            ),
          },
        },
      },
      schemas: {
        EventHeaders: {
          type: 'object',
          required: ['x-event-type', 'x-event-id', 'x-schema-version'],
          properties: { 'x-event-type': { type: 'string' }, 'x-event-id': { type: 'string', format: 'uuid' }, 'x-schema-version': { type: 'string' } },
        },
      },
    },
  };
}

/** The JSON of a RecordedEvent (libs/event-store/src/events.ts) whose type and data are the contract's. */
function recordedEventSchema(contract: EventContract): object {
  const nullableString = { type: ['string', 'null'] };
  return {
    type: 'object',
    additionalProperties: false,
    required: ['eventId', 'streamId', 'streamPosition', 'globalPosition', 'transactionId', 'type', 'schemaVersion', 'data', 'actor', 'occurredAt', 'recordedAt', 'correlationId', 'causationId'],
    properties: {
      eventId: { type: 'string', format: 'uuid' },
      streamId: { type: 'string', description: 'The prestation or worker id; also the message key.' },
      streamPosition: { type: 'integer', minimum: 1, description: '1, 2, 3... within the stream, without gaps.' },
      globalPosition: { type: 'integer', minimum: 1 },
      transactionId: { type: 'string', pattern: '^[0-9]+$', description: 'The writing PostgreSQL transaction (xid8).' },
      type: { const: contract.type },
      schemaVersion: { type: 'integer', minimum: 1, maximum: contract.schemaVersion, description: 'Older versions are upcast by the contracts library.' },
      data: contract.schema,
      actor: { type: 'object', required: ['id', 'role'], properties: { id: { type: 'string' }, role: { enum: [...actorRoles] } } },
      occurredAt: { type: 'string', format: 'date-time' },
      recordedAt: { type: 'string', format: 'date-time' },
      correlationId: nullableString,
      causationId: nullableString,
    },
  };
}
