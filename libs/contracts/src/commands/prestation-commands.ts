import type { Activity, Actor, EncodedBy, Instant, LocalDate, PrestationFacts, Region, WorkerChannel, Channel } from '../common';
import type { ContestReason } from '../events/worker-contested/worker-contested.event';
import type { LegacyStatus } from '../events/legacy-prestation-imported/legacy-prestation-imported.event';

/**
 * Time and actor travel on every command: the decider never reads a clock (DOMAIN.md, "Time"),
 * so deciding again on the same command gives the same events.
 */
export interface CommandMetadata {
  readonly now: Instant;
  readonly actor: Actor;
}

export interface PrestationCommandOf<Type extends string, Data> {
  readonly type: Type;
  readonly prestationId: string;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/** `region` is the company's (R19); without one the Walloon profile applies. */
type NewPrestation = PrestationFacts & { readonly region?: Region };

/** R1: the worker encodes in the app or by phone (IVR). */
export type EncodePrestation = PrestationCommandOf<'EncodePrestation', NewPrestation & { readonly channel: WorkerChannel }>;
/** R2: the company encodes for its worker, exceptionally, and says why. */
export type EncodePrestationForWorker = PrestationCommandOf<
  'EncodePrestationForWorker',
  NewPrestation & { readonly reason: string }
>;
/** R10: an operator brings in a prestation still in flight at the cut-over. */
export type ImportLegacyPrestation = PrestationCommandOf<
  'ImportLegacyPrestation',
  NewPrestation & { readonly channel: Channel; readonly encodedBy: EncodedBy; readonly legacyStatus: LegacyStatus }
>;
/** R3: the company corrects; `version` is the one it corrected. */
export type CorrectPrestation = PrestationCommandOf<
  'CorrectPrestation',
  {
    readonly version: number;
    readonly serviceDate: LocalDate;
    readonly hours: number;
    readonly activity: Activity;
    readonly reason?: string;
  }
>;
export type CancelPrestation = PrestationCommandOf<'CancelPrestation', { readonly reason: string }>;
/** R16. `version` is the version the actor saw: deciding on another one is a concurrency error. */
export type ValidateAsCompany = PrestationCommandOf<'ValidateAsCompany', { readonly version: number }>;
/** R5: only online (`APP`); the IVR cannot validate. */
export type ValidateAsWorker = PrestationCommandOf<
  'ValidateAsWorker',
  { readonly version: number; readonly channel: WorkerChannel }
>;
export type ContestAsWorker = PrestationCommandOf<
  'ContestAsWorker',
  {
    readonly version: number;
    readonly channel: WorkerChannel;
    readonly reasonCode: ContestReason;
    readonly text: string;
    readonly proposedHours?: number;
  }
>;
export type ConfirmAsUser = PrestationCommandOf<'ConfirmAsUser', { readonly version: number }>;
export type ContestAsUser = PrestationCommandOf<'ContestAsUser', { readonly version: number; readonly reason: string }>;
/** Sent by the deadline service at the due instant (`metadata.now`); refused when early or stale. */
export type ReachWorkerDeadline = PrestationCommandOf<'ReachWorkerDeadline', { readonly deadlineId: string }>;
export type ReachCompanyDeadline = PrestationCommandOf<'ReachCompanyDeadline', { readonly deadlineId: string }>;
export type ReachUserDeadline = PrestationCommandOf<'ReachUserDeadline', { readonly deadlineId: string }>;
/** `reminder` counts from 1 within the user's window `deadlineId`. */
export type RemindUser = PrestationCommandOf<'RemindUser', { readonly deadlineId: string; readonly reminder: number }>;
/**
 * R17: the user declared an absence (from/to included) in their secure space. `declaredAt`, when
 * the deadline service applies a recorded declaration later, is when the user declared it
 * (`metadata.now` when absent): the absence counts if the window had not lapsed by then.
 */
export type ExtendUserDelayForAbsence = PrestationCommandOf<
  'ExtendUserDelayForAbsence',
  { readonly absenceId: string; readonly from: LocalDate; readonly to: LocalDate; readonly declaredAt?: Instant }
>;

export type PrestationCommand =
  | EncodePrestation
  | EncodePrestationForWorker
  | ImportLegacyPrestation
  | CorrectPrestation
  | CancelPrestation
  | ValidateAsCompany
  | ValidateAsWorker
  | ContestAsWorker
  | ConfirmAsUser
  | ContestAsUser
  | ReachWorkerDeadline
  | ReachCompanyDeadline
  | ReachUserDeadline
  | RemindUser
  | ExtendUserDelayForAbsence;

export type PrestationCommandType = PrestationCommand['type'];
