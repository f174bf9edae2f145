import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Kafka } from 'kafkajs';
import {
  Topics,
  userAbsenceStreamId,
  type PrestationCommand,
  type PrestationEvent,
  type UserAbsenceCommand,
  type UserAbsenceEvent,
  type WorkerProfileCommand,
  type WorkerProfileEvent,
} from '@prestaflow/contracts';
import {
  prestationDecider,
  userAbsenceDecider,
  workerProfileDecider,
  type DecisionPolicy,
  type PrestationState,
  type UserAbsencesState,
  type WorkerProfileState,
} from '@prestaflow/domain';
import { CommandHandler, EventRelay, EventStore, registerRelayLag, type CommandResult, type ReceiptFor, type Sql } from '@prestaflow/event-store';
import { KAFKA, ServiceMetrics } from '@prestaflow/platform';
import { prestationCodec, toPrestationEnvelope, toUserAbsenceEnvelope, toWorkerProfileEnvelope, userAbsenceCodec, workerProfileCodec } from '@prestaflow/event-codecs';

export const DECISION_POLICY = Symbol('DECISION_POLICY');

/** Who asked, for the audit trail: the request or event a command comes from. */
export interface Causation {
  readonly correlationId?: string | null;
  readonly causationId?: string | null;
}

/** Runs prestation commands through the one command loop of the event store; `receipt`: ADR 0014. */
@Injectable()
export class PrestationCommands {
  private readonly handler: CommandHandler<PrestationCommand, PrestationEvent, PrestationState>;

  constructor(dataSource: DataSource, @Inject(DECISION_POLICY) policy: DecisionPolicy) {
    this.handler = new CommandHandler(new EventStore(dataSource, toPrestationEnvelope), prestationDecider(policy), {
      streamType: 'prestation',
      codec: prestationCodec,
      // An encoding names a new prestation id (a repeated one is decided again on its stream): bench/README.md, fifth round.
      startsStream: (command) => command.type === 'EncodePrestation' || command.type === 'EncodePrestationForWorker',
    });
  }

  execute(command: PrestationCommand, causation: Causation = {}, receipt?: ReceiptFor<PrestationState>): Promise<CommandResult<PrestationState>> {
    return this.handler.handle(command.prestationId, command, { actor: command.metadata.actor, occurredAt: command.metadata.now, ...causation }, receipt);
  }
}

/** Runs worker profile commands (the worker's e-mail, R11): one stream per worker identity. */
@Injectable()
export class WorkerProfileCommands {
  private readonly handler: CommandHandler<WorkerProfileCommand, WorkerProfileEvent, WorkerProfileState>;

  constructor(dataSource: DataSource) {
    this.handler = new CommandHandler(new EventStore(dataSource, toWorkerProfileEnvelope), workerProfileDecider, { streamType: 'worker-profile', codec: workerProfileCodec });
  }

  execute(command: WorkerProfileCommand, causation: Causation = {}, receipt?: ReceiptFor<WorkerProfileState>): Promise<CommandResult<WorkerProfileState>> {
    return this.handler.handle(command.workerId, command, { actor: command.metadata.actor, occurredAt: command.metadata.now, ...causation }, receipt);
  }
}

/** Runs the user's absence declarations (R17): one stream per user. */
@Injectable()
export class UserAbsenceCommands {
  private readonly handler: CommandHandler<UserAbsenceCommand, UserAbsenceEvent, UserAbsencesState>;

  constructor(dataSource: DataSource, @Inject(DECISION_POLICY) policy: DecisionPolicy) {
    this.handler = new CommandHandler(new EventStore(dataSource, toUserAbsenceEnvelope), userAbsenceDecider(policy), { streamType: 'user-absences', codec: userAbsenceCodec });
  }

  execute(command: UserAbsenceCommand, causation: Causation = {}, receipt?: ReceiptFor<UserAbsencesState>): Promise<CommandResult<UserAbsencesState>> {
    return this.handler.handle(userAbsenceStreamId(command.userId), command, { actor: command.metadata.actor, occurredAt: command.metadata.now, ...causation }, receipt);
  }
}

/** The user's declared absences, read from their stream (the truth, never a lagging copy). */
export async function readUserAbsences(sql: Sql, userId: string): Promise<UserAbsencesState> {
  const { initialState, evolve } = userAbsenceDecider();
  const stream = await new EventStore(sql).readStream(userAbsenceStreamId(userId));
  return stream.events.reduce((state, recorded) => evolve(state, userAbsenceCodec.decode(recorded)), initialState());
}

/** R11: the worker's profile (the e-mail they or their company set last, and whether they locked it), from its stream (keyed by the worker id). */
export async function readWorkerProfile(sql: Sql, workerId: string): Promise<WorkerProfileState> {
  const { initialState, evolve } = workerProfileDecider;
  const stream = await new EventStore(sql).readStream(workerId);
  return stream.events.reduce((state, recorded) => evolve(state, workerProfileCodec.decode(recorded)), initialState());
}

/**
 * Every service that writes events also runs the relay to Kafka: the advisory lock lets one
 * publish at a time and another take over when it stops. Its lag is on the service's /metrics
 * (ADR 0024).
 */
@Injectable()
export class EventLogRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: EventRelay;

  constructor(dataSource: DataSource, @Inject(KAFKA) kafka: Kafka, metrics: ServiceMetrics) {
    this.relay = new EventRelay({ dataSource, kafka, topic: Topics.PrestationEvents, name: Topics.PrestationEvents });
    registerRelayLag(metrics, dataSource, Topics.PrestationEvents);
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** Before any shutdown hook: the database pool closes in one, and the relay would find its connection gone. */
  beforeApplicationShutdown(): Promise<void> {
    return this.relay.stop();
  }
}
