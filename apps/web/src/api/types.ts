import type { ActorRole } from '@prestaflow/contracts';
import { type CompanyStatus, type Language, type UserStatus, type WorkerColour } from '@prestaflow/domain/status-labels';

/** The answers of the gateway's views (libs/views/src/prestation-view.queries.ts), as JSON. */
export interface PrestationFacts {
  readonly prestationId: string;
  readonly companyId: string;
  readonly workerId: string;
  readonly userId: string;
  /** The reference data's names, looked up when read (null when it no longer has them). */
  readonly companyName: string | null;
  readonly workerName: string | null;
  readonly userName: string | null;
  readonly serviceDate: string;
  readonly hours: number;
  readonly activity: string;
  readonly channel: string;
  readonly encodedBy: 'WORKER' | 'COMPANY';
  readonly version: number;
}

export interface CompanyItem extends PrestationFacts {
  readonly status: CompanyStatus;
  readonly statusLabel: string;
  readonly encodingReason: string | null;
  readonly workerDeadline: string | null;
}

export interface CompanyPage {
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  readonly items: readonly CompanyItem[];
}

export interface WorkerToValidate extends PrestationFacts {
  readonly deadline: string | null;
  readonly encodedByLabel: string;
  readonly encodingReason: string | null;
}

export interface WorkerHistory {
  readonly today: string;
  readonly language: Language;
  readonly legend: readonly { colour: WorkerColour; label: string }[];
  readonly items: readonly (PrestationFacts & { colour: WorkerColour; label: string; encodedByLabel: string })[];
}

export interface UserItem extends PrestationFacts {
  readonly status: UserStatus;
  readonly statusLabel: string;
  readonly mayConfirm: boolean;
  readonly mayContest: boolean;
  readonly automaticConfirmationAt: string | null;
}

export interface Absence {
  readonly absenceId: string;
  readonly from: string;
  readonly to: string;
  readonly declaredAt: string;
}

export interface AuditEvent {
  readonly eventId: string;
  readonly streamPosition: number;
  readonly type: string;
  readonly occurredAt: string;
  /** `name`: the reference data's, for a company, worker or user (issue 11); null for operators and the system. */
  readonly actor: { readonly role: ActorRole; readonly id: string; readonly name: string | null };
  readonly data: Record<string, unknown>;
}

export interface Share {
  readonly total: number;
  readonly encodedByCompany: number;
  readonly share: number;
}

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly language: Language;
}

export interface DevPeople {
  readonly company: readonly Person[];
  readonly worker: readonly Person[];
  readonly user: readonly Person[];
}

export interface ShareWeek {
  readonly week: string;
  readonly total: number;
  readonly encodedByCompany: number;
  readonly share: number | null;
  readonly platformShare: number | null;
}

export interface CompanyWorker {
  readonly workerId: string;
  readonly name: string;
  readonly email: string | null;
  readonly setByWorker: boolean;
  readonly bounce: { readonly detail: string | null; readonly bouncedAt: string } | null;
}

/** GET /company/users (apps/gateway/src/web/company-users.controller.ts): a household the company may pick by name. */
export interface CompanyUser {
  readonly userId: string;
  readonly name: string;
}

/** GET /worker/profile (apps/gateway/src/web/worker-profile.controller.ts): R11's current address, the companies by name (R1). */
export interface WorkerProfile {
  readonly workerId: string;
  readonly name: string;
  readonly language: Language;
  readonly email: string | null;
  readonly setByWorker: boolean;
  readonly companies: readonly { readonly companyId: string; readonly name: string }[];
}

/** The answer to a command (runInternalCommand, libs/views): the prestation's stream version after it. */
export interface CommandAnswer {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly status: string | null;
}
