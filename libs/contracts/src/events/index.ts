import { AutoValidatedContract, type AutoValidated } from './auto-validated/auto-validated.event';
import { CompanyValidatedContract, type CompanyValidated } from './company-validated/company-validated.event';
import {
  LegacyPrestationImportedContract,
  type LegacyPrestationImported,
} from './legacy-prestation-imported/legacy-prestation-imported.event';
import { PrestationCancelledContract, type PrestationCancelled } from './prestation-cancelled/prestation-cancelled.event';
import { PrestationCorrectedContract, type PrestationCorrected } from './prestation-corrected/prestation-corrected.event';
import { PrestationEncodedContract, type PrestationEncoded } from './prestation-encoded/prestation-encoded.event';
import {
  UserConfirmationSupersededContract,
  type UserConfirmationSuperseded,
} from './user-confirmation-superseded/user-confirmation-superseded.event';
import { UserAbsenceDeclaredContract, type UserAbsenceDeclared } from './user-absence-declared/user-absence-declared.event';
import { UserConfirmedContract, type UserConfirmed } from './user-confirmed/user-confirmed.event';
import { UserContestedContract, type UserContested } from './user-contested/user-contested.event';
import { UserDelayExtendedContract, type UserDelayExtended } from './user-delay-extended/user-delay-extended.event';
import {
  UserReminderTriggeredContract,
  type UserReminderTriggered,
} from './user-reminder-triggered/user-reminder-triggered.event';
import { WorkerContestedContract, type WorkerContested } from './worker-contested/worker-contested.event';
import { WorkerEmailChangedContract, type WorkerEmailChanged } from './worker-email-changed/worker-email-changed.event';
import {
  WorkerEmailLockLiftedContract,
  type WorkerEmailLockLifted,
} from './worker-email-lock-lifted/worker-email-lock-lifted.event';
import { WorkerValidatedContract, type WorkerValidated } from './worker-validated/worker-validated.event';

export * from './event-contract';
export * from './auto-validated/auto-validated.event';
export * from './company-validated/company-validated.event';
export * from './legacy-prestation-imported/legacy-prestation-imported.event';
export * from './prestation-cancelled/prestation-cancelled.event';
export * from './prestation-corrected/prestation-corrected.event';
export * from './prestation-encoded/prestation-encoded.event';
export * from './user-absence-declared/user-absence-declared.event';
export * from './user-confirmation-superseded/user-confirmation-superseded.event';
export * from './user-confirmed/user-confirmed.event';
export * from './user-contested/user-contested.event';
export * from './user-delay-extended/user-delay-extended.event';
export * from './user-reminder-triggered/user-reminder-triggered.event';
export * from './worker-contested/worker-contested.event';
export * from './worker-email-changed/worker-email-changed.event';
export * from './worker-email-lock-lifted/worker-email-lock-lifted.event';
export * from './worker-validated/worker-validated.event';

/** Every event of a prestation's stream (keyed by prestation id). */
export type PrestationEvent =
  | PrestationEncoded
  | LegacyPrestationImported
  | PrestationCorrected
  | PrestationCancelled
  | CompanyValidated
  | WorkerValidated
  | WorkerContested
  | AutoValidated
  | UserConfirmed
  | UserContested
  | UserConfirmationSuperseded
  | UserReminderTriggered
  | UserDelayExtended;

export type PrestationEventType = PrestationEvent['type'];

/** Every event of a worker profile's stream (keyed by worker id; R11). */
export type WorkerProfileEvent = WorkerEmailChanged | WorkerEmailLockLifted;

export type WorkerProfileEventType = WorkerProfileEvent['type'];

/** Every event of a user's absence stream (keyed by `userAbsenceStreamId`; R17). */
export type UserAbsenceEvent = UserAbsenceDeclared;

export type UserAbsenceEventType = UserAbsenceEvent['type'];

export const prestationEventContracts = [
  PrestationEncodedContract,
  LegacyPrestationImportedContract,
  PrestationCorrectedContract,
  PrestationCancelledContract,
  CompanyValidatedContract,
  WorkerValidatedContract,
  WorkerContestedContract,
  AutoValidatedContract,
  UserConfirmedContract,
  UserContestedContract,
  UserConfirmationSupersededContract,
  UserReminderTriggeredContract,
  UserDelayExtendedContract,
] as const;

export const workerProfileEventContracts = [WorkerEmailChangedContract, WorkerEmailLockLiftedContract] as const;

export const userAbsenceEventContracts = [UserAbsenceDeclaredContract] as const;
