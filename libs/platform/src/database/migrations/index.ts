import { EventLog1764320000000 } from './1764320000000-event-log';
import { ReferenceData1764320100000 } from './1764320100000-reference-data';

/** Every migration, in order. A new one is appended here, never edited once landed. */
export const migrations = [EventLog1764320000000, ReferenceData1764320100000] as const;
