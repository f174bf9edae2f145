import type { CommandMetadata } from './prestation-commands';

export interface WorkerProfileCommandOf<Type extends string, Data> {
  readonly type: Type;
  /** 12 digits; the stream is the worker's identity, across all their companies (R11). */
  readonly workerId: string;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/** R11: by the worker (in the app) or by one of their companies. */
export type SetWorkerEmail = WorkerProfileCommandOf<'SetWorkerEmail', { readonly email: string }>;
/** R11: only an operator lets companies change the e-mail again. */
export type LiftWorkerEmailLock = WorkerProfileCommandOf<'LiftWorkerEmailLock', { readonly reason: string }>;

export type WorkerProfileCommand = SetWorkerEmail | LiftWorkerEmailLock;
