import { EventLog1764320000000 } from './1764320000000-event-log';

/** Every migration, in order. A new one is appended here, never edited once landed. */
export const migrations = [EventLog1764320000000] as const;
