import { EventLog1764320000000 } from './1764320000000-event-log';
import { ReferenceData1764320100000 } from './1764320100000-reference-data';
import { Deadlines1764320200000 } from './1764320200000-deadlines';
import { Notifications1764320300000 } from './1764320300000-notifications';
import { Views1764320400000 } from './1764320400000-views';
import { AppendToStream1764320900000 } from './1764320900000-append-to-stream';
import { DeadlineUsers1764321000000 } from './1764321000000-deadline-users';
import { ReceiptWithEvents1764321400000 } from './1764321400000-receipt-with-events';
import { NotificationLease1764321410000 } from './1764321410000-notification-lease';
import { DeadlineLease1764321422000 } from './1764321422000-deadline-lease';
import { DeadlineProjection1764321600000 } from './1764321600000-deadline-projection';
import { NotificationStates1764321700000 } from './1764321700000-notification-states';
import { DropUserMayContest1764321800000 } from './1764321800000-drop-user-may-contest';
import { DeadlineDueIndex1764321810000 } from './1764321810000-deadline-due-index';
import { EventsAppendedNotice1764321900000 } from './1764321900000-events-appended-notice';
import { EventsAppendedAfterCommit1764322000000 } from './1764322000000-events-appended-after-commit';
import { CorrectionReason1764322100000 } from './1764322100000-correction-reason';

/** Every migration, in order. A new one is appended here, never edited once landed. */
export const migrations = [EventLog1764320000000, ReferenceData1764320100000, Deadlines1764320200000, Notifications1764320300000, Views1764320400000, AppendToStream1764320900000, DeadlineUsers1764321000000, ReceiptWithEvents1764321400000, NotificationLease1764321410000, DeadlineLease1764321422000, DeadlineProjection1764321600000, NotificationStates1764321700000, DropUserMayContest1764321800000, DeadlineDueIndex1764321810000, EventsAppendedNotice1764321900000, EventsAppendedAfterCommit1764322000000, CorrectionReason1764322100000] as const;
