import { belgianCalendar, toInstant, type WorkingDayCalendar } from '@prestaflow/calendar';
import type { Instant, Region } from '@prestaflow/contracts';

/** How long the user has, counted in working or calendar days, and when they are reminded. */
export interface UserWindowRule {
  readonly unit: 'WORKING_DAYS' | 'CALENDAR_DAYS';
  readonly length: number;
  /** Calendar days after the window opens (R8: 20 and 40). */
  readonly remindersAfterDays: readonly number[];
}

/** One region's delays (R19); every delay is configuration, not a constant in code. */
export interface RegionProfile {
  /** R6: working days the worker has to validate a company-encoded or corrected prestation. */
  readonly workerValidationWorkingDays: number;
  /** R16: working days the company has to validate a worker-encoded prestation. */
  readonly companyValidationWorkingDays: number;
  readonly userWindow: {
    /** Worker-encoded: the user's window runs from the encoding, in parallel with the company (R16). */
    readonly parallelToCompany: UserWindowRule;
    /** Company-encoded or corrected, then validated manually by the worker. */
    readonly afterWorkerValidated: UserWindowRule;
    /** R8: the worker let the deadline lapse; counted from the lapsed deadline. */
    readonly afterWorkerDeadline: UserWindowRule;
  };
}

/** Everything a decision depends on besides the command and the state. */
export interface DecisionPolicy {
  readonly calendar: WorkingDayCalendar;
  readonly regions: Readonly<Record<Region, RegionProfile>>;
  /** R10: the go-live instant; a migrated prestation's worker deadline counts from it. */
  readonly cutOver: Instant;
  /** R17: the longest absence a user may declare at once, in calendar days. */
  readonly maxAbsenceDays: number;
  /** R17 (no horizon in DOMAIN.md): how many calendar days ahead an absence may start; one year. */
  readonly maxAbsenceLeadDays: number;
}

const sixtyDaysWithReminders: UserWindowRule = { unit: 'CALENDAR_DAYS', length: 60, remindersAfterDays: [20, 40] };
const fiveWorkingDays: UserWindowRule = { unit: 'WORKING_DAYS', length: 5, remindersAfterDays: [] };

/** The notice's rules (Brussels/Wallonia operator) with Wallonia's parallel validation (R16). */
export const walloniaProfile: RegionProfile = {
  workerValidationWorkingDays: 5,
  companyValidationWorkingDays: 5,
  userWindow: {
    parallelToCompany: fiveWorkingDays,
    afterWorkerValidated: sixtyDaysWithReminders,
    afterWorkerDeadline: sixtyDaysWithReminders,
  },
};

/** Flanders since 1 June 2025 (online users): 5 working days for the user and for the company. */
export const flandersProfile: RegionProfile = {
  workerValidationWorkingDays: 5,
  companyValidationWorkingDays: 5,
  userWindow: {
    parallelToCompany: fiveWorkingDays,
    afterWorkerValidated: fiveWorkingDays,
    afterWorkerDeadline: fiveWorkingDays,
  },
};

/** Brussels publishes no delays of its own beyond the notice, which Wallonia's profile carries. */
export const defaultPolicy: DecisionPolicy = {
  calendar: belgianCalendar('MONDAY_TO_FRIDAY'),
  regions: { BRUSSELS: walloniaProfile, WALLONIA: walloniaProfile, FLANDERS: flandersProfile },
  cutOver: toInstant('2025-06-01T00:00:00+02:00'),
  // Three months: longer than any user window (60 days), so one declaration covers a whole window.
  maxAbsenceDays: 92,
  maxAbsenceLeadDays: 366,
};

/** R19: a prestation without a known region follows the Walloon profile, as in the notice. */
export const defaultRegion: Region = 'WALLONIA';
