import type { LocalDate } from '../common';
import type { CommandMetadata } from './prestation-commands';

/**
 * A user's absences are a stream of their own (R17), one per user. Its id is prefixed: worker
 * and user ids are both 12 digits and one person can be both, while stream ids are unique.
 */
export const userAbsenceStreamId = (userId: string): string => `user-absences-${userId}`;

/** The user id of a user-absence stream id. */
export const userIdOfAbsenceStream = (streamId: string): string => streamId.replace(/^user-absences-/, '');

export interface UserAbsenceCommandOf<Type extends string, Data> {
  readonly type: Type;
  /** 12 digits. */
  readonly userId: string;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/** R17: the user declares, in their secure space, that they will be away from `from` to `to` (included). */
export type DeclareUserAbsence = UserAbsenceCommandOf<'DeclareUserAbsence', { readonly from: LocalDate; readonly to: LocalDate }>;

export type UserAbsenceCommand = DeclareUserAbsence;
