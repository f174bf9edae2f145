import { type Decider, type EventCodec } from './decider';
import { StreamVersionConflictError } from './errors';
import { type CommandReceipt, type EventStore, type StoredStream } from './event-store';
import { type EventMetadata, type RecordedEvent } from './events';

export interface CommandHandlerOptions<Command, Event> {
  /** Stored on the stream row, e.g. `prestation`. */
  readonly streamType: string;
  readonly codec: EventCodec<Event>;
  /** How many times a command is decided when other writers keep winning; 10 by default. */
  readonly maxAttempts?: number;
  /**
   * Commands that start a stream under an id nobody used yet (a new prestation): decided first on
   * the empty stream without reading it, one round trip less. If the stream exists after all, or
   * that first decision fails or decides nothing, the command is decided again on what is read,
   * so the outcome is the one the stream's real state gives.
   */
  readonly startsStream?: (command: Command) => boolean;
}

const EMPTY_STREAM: StoredStream = { version: 0, events: [] };

/** What a command decided, as known before its events are appended. */
export interface Decided<State> {
  readonly state: State;
  /** The stream's version after the command (unchanged when it decided nothing). */
  readonly version: number;
  readonly events: ReadonlyArray<{ readonly type: string; readonly streamPosition: number }>;
}

/** The receipt to store with a command's events, made from what it decided (ADR 0014). */
export type ReceiptFor<State> = (decided: Decided<State>) => CommandReceipt;

export interface CommandResult<State> extends Decided<State> {
  readonly events: RecordedEvent[];
  readonly attempts: number;
}

/**
 * The one command loop of the platform: load the stream (not for a command that starts one,
 * `startsStream`), fold it with `evolve`, `decide`, and append with the version that was read. When another writer appended in between, the command
 * is decided again on the new state, so two services acting on one prestation at the same time
 * end in one consistent outcome (the loser's command may then be refused by the decider).
 */
export class CommandHandler<Command, Event, State> {
  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, Event, State>,
    private readonly options: CommandHandlerOptions<Command, Event>,
  ) {}

  /**
   * Decides `command` on the stream and appends what it decided. With `receipt`, the receipt it
   * makes is stored in the append's transaction (nothing is stored when nothing was decided).
   */
  async handle(streamId: string, command: Command, metadata: EventMetadata, receipt?: ReceiptFor<State>): Promise<CommandResult<State>> {
    const { codec, streamType, maxAttempts = 10 } = this.options;
    let guess = this.options.startsStream?.(command) === true;
    for (let attempt = 1; ; attempt++) {
      const guessed = guess;
      guess = false;
      const stream = guessed ? EMPTY_STREAM : await this.store.readStream(streamId);
      const state = stream.events.reduce((current, event) => this.decider.evolve(current, codec.decode(event)), this.decider.initialState());
      let decided: readonly Event[];
      try {
        decided = this.decider.decide(command, state);
      } catch (error) {
        if (guessed) continue;
        throw error;
      }
      if (decided.length === 0) {
        if (guessed) continue;
        return { state, version: stream.version, events: [], attempts: attempt };
      }
      const next = decided.reduce(this.decider.evolve, state);
      const version = stream.version + decided.length;
      const encoded = decided.map((event) => ({ ...codec.encode(event), ...metadata }));
      const stored = receipt?.({ state: next, version, events: encoded.map(({ type }, i) => ({ type, streamPosition: stream.version + i + 1 })) });
      try {
        const events = await this.store.append(streamId, streamType, stream.version, encoded, stored);
        return { state: next, version, events, attempts: attempt };
      } catch (error) {
        // Only the append's conflict: a ConcurrencyError from the decider (a stale version given by
        // the caller) is the caller's to resolve.
        if (!(error instanceof StreamVersionConflictError) || attempt >= maxAttempts) throw error;
        // A little jitter so that the same writers do not collide again in lockstep (a wrong guess met none).
        if (!guessed) await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }
}
