import { currentSchemaVersion, type PrestationCommand } from '@prestaflow/contracts';
import { decide, evolve, initialState, type PrestationState } from '@prestaflow/domain';
import { ids } from './prestation-builders';

/**
 * The events `commands` decide one after the other, as the event store records them and a
 * projection receives them (its RecordedEvent shape: positions from 1, instants as ISO text,
 * through JSON as a PostgreSQL row goes).
 */
export function recordedPrestationEvents(commands: readonly PrestationCommand[], streamId: string = ids.prestation) {
  let state: PrestationState = initialState();
  const events = [];
  for (const command of commands) {
    for (const event of decide(command, state)) {
      state = evolve(state, event);
      const position: number = events.length + 1;
      events.push({
        eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
        streamId,
        streamPosition: position,
        globalPosition: position,
        transactionId: String(position),
        type: event.type,
        schemaVersion: currentSchemaVersion(event.type),
        data: JSON.parse(JSON.stringify(event.data)) as unknown,
        actor: event.actor,
        occurredAt: event.occurredAt,
        recordedAt: event.occurredAt,
        correlationId: null,
        causationId: null,
      });
    }
  }
  return events;
}
