import { useEffect, useRef, useState } from 'react';
import { ApiError, errorKind } from '../api/client';
import { type CommandAnswer, type PrestationFacts } from '../api/types';
import { type MessageKey } from '../i18n/en';

/**
 * What an action says once done: the key of its message ("worker.validated"), not the text, so that it
 * follows the language chosen after it (newcomer trial: the status line kept the language of the moment).
 */
export type DoneKey = MessageKey;

/**
 * The last action on this page, one prestation at a time: what the page's status line says
 * (`ActionStatus`): done, or refused once its card has left the list (its card says it while it is there).
 */
export type LastAction = { readonly prestation: PrestationFacts; readonly done: DoneKey } | { readonly prestation: PrestationFacts; readonly error: unknown };

/** What one action on one prestation came to: done (with the version the command answered), or the error. */
export type ActionOutcome = { readonly done: DoneKey; readonly version: number } | { readonly error: unknown };

export const isDone = (outcome: ActionOutcome | undefined): outcome is { readonly done: DoneKey; readonly version: number } => outcome !== undefined && 'done' in outcome;

// The views follow the event log a moment after each command (ADR 0006): how often, and how long, to look again.
const reloadEveryMs = 600;
const reloadAtMost = 30;

/**
 * Actions on the prestations of a list (validate, contest, confirm, correct...). The list is a
 * view that catches up with the command a moment later, so until it shows the version the
 * command answered (or no longer holds the prestation), `outcomeOf` says what was done and the
 * card must not offer the action again (a second click was a 409); meanwhile the list is reloaded.
 * A failed action is kept beside its prestation, and the list reloaded: it may have been stale.
 * While a request on a prestation is in flight, `busyOn` says so (its buttons show it) and no
 * other action is sent on it; a 409 answering a command sent after our own success on the same
 * prestation (a double click, the view not caught up) does not replace that success.
 * `command` gets the Idempotency-Key to send: one per prestation, action and stream version, kept
 * while the outcome is unknown (the gateway's 503, no answer: the service may have done it), so
 * pressing again repeats that request and gets its answer rather than a refusal (ADR 0014).
 */
export function usePrestationActions(items: readonly PrestationFacts[] | undefined, reload: () => void) {
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, ActionOutcome>>(new Map());
  const reloads = useRef(0);
  // A ref as well as state: a double click's second click comes before React renders the first one's.
  const inFlight = useRef(new Set<string>());
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [last, setLast] = useState<LastAction>();
  const keys = useRef(new CommandKeys());
  // The stream's version, as the command's answer gives it (the prestation's own `version` moves only with a correction).
  const versionOf = (id: string) => items?.find((item) => item.prestationId === id)?.streamVersion;
  const pending = [...outcomes].some(([id, outcome]) => 'done' in outcome && (versionOf(id) ?? Infinity) < outcome.version);

  useEffect(() => {
    if (!pending || reloads.current >= reloadAtMost) return;
    const timer = setTimeout(() => {
      reloads.current += 1;
      reload();
    }, reloadEveryMs);
    return () => clearTimeout(timer);
  }, [pending, items]);

  const record = (results: readonly ActionResult[]) => {
    reloads.current = 0;
    setOutcomes((previous) => withOutcomes(previous, results));
    if (results.some(({ outcome }) => 'error' in outcome)) reload();
  };

  const setInFlight = (ids: readonly string[], on: boolean) => {
    for (const id of ids) inFlight.current[on ? 'add' : 'delete'](id);
    setBusy(new Set(inFlight.current));
  };

  /**
   * Runs `command` on each prestation at once; one outcome each, in the order given (bulk validation
   * lists them). Undefined, and nothing sent, when one of them already has a request in flight.
   */
  const runEach = async <P extends PrestationFacts>(prestations: readonly P[], command: Command<P>, done: DoneKey) => {
    const ids = prestations.map((prestation) => prestation.prestationId);
    if (ids.some((id) => inFlight.current.has(id))) return undefined;
    setInFlight(ids, true);
    // A bulk action's outcome is said prestation by prestation (BulkOutcome): the line of the last single one would sit above it (second newcomer trial).
    if (prestations.length > 1) setLast(undefined);
    const settled = await Promise.allSettled(prestations.map((prestation) => command(prestation, keys.current.keyFor(prestation, done)))).finally(() => setInFlight(ids, false));
    const results = prestations.map((prestation, i) => {
      const result = settled[i] as PromiseSettledResult<CommandAnswer>;
      const outcome: ActionOutcome = result.status === 'fulfilled' ? { done, version: result.value.streamVersion } : { error: result.reason as unknown };
      keys.current.settled(prestation, done, outcome);
      return { prestation, outcome };
    });
    record(results);
    return results;
  };

  return {
    runEach,
    /** One action on one prestation; true when it was done (false when one was already in flight). */
    run: async <P extends PrestationFacts>(prestation: P, command: Command<P>, done: DoneKey) => {
      const [result] = (await runEach([prestation], command, done)) ?? [];
      if (result === undefined) return false;
      setLast('done' in result.outcome ? { prestation, done } : { prestation, error: result.outcome.error });
      return 'done' in result.outcome;
    },
    /**
     * The last action `run` did, kept once its card has caught up or left the list; a refusal only once
     * its card has left (a second tab's stale press: the card went with its error, unsaid; newcomer trial).
     */
    last: last && 'error' in last && items?.some((item) => item.prestationId === last.prestation.prestationId) !== false ? undefined : last,
    /** Whether a request on any of these prestations is in flight: their action buttons show it and send nothing. */
    busyOn: (...ids: readonly string[]) => ids.some((id) => busy.has(id)),
    /** The last outcome of an action on this prestation while it matters: an error, or done and the list not caught up yet. */
    outcomeOf: (id: string): ActionOutcome | undefined => {
      const outcome = outcomes.get(id);
      if (!outcome || 'error' in outcome) return outcome;
      return (versionOf(id) ?? Infinity) < outcome.version ? outcome : undefined;
    },
  };
}

/** A command on one prestation, sent with the Idempotency-Key it is given. */
export type Command<P extends PrestationFacts> = (prestation: P, idempotencyKey: string) => Promise<CommandAnswer>;

/**
 * The Idempotency-Key of each command a page sends: one per prestation, action and stream version,
 * kept while the outcome is unknown (the gateway's 503 or no answer: the service may have done the
 * command, or not), so the same press sends the same request again and gets its stored answer
 * (ADR 0014) instead of a 409; a new one once the outcome is known.
 */
export class CommandKeys {
  private readonly keys = new Map<string, string>();

  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

  keyFor(prestation: PrestationFacts, done: DoneKey): string {
    const slot = CommandKeys.slot(prestation, done);
    const key = this.keys.get(slot) ?? this.newKey();
    this.keys.set(slot, key);
    return key;
  }

  settled(prestation: PrestationFacts, done: DoneKey, outcome: ActionOutcome): void {
    const unknown = 'error' in outcome && ['UNAVAILABLE', 'NETWORK'].includes(errorKind(outcome.error));
    if (!unknown) this.keys.delete(CommandKeys.slot(prestation, done));
  }

  private static slot(prestation: PrestationFacts, done: DoneKey): string {
    return `${prestation.prestationId} ${done} ${prestation.streamVersion}`;
  }
}

/** What one action on one prestation came to, with the prestation as the command was sent for it. */
export interface ActionResult {
  readonly prestation: PrestationFacts;
  readonly outcome: ActionOutcome;
}

/**
 * Each prestation's last outcome, `results` over `previous`; except a 409 for a command sent on a stream
 * version older than the one our own success answered: our success moved it, and stands (a double click,
 * the view not caught up).
 */
export function withOutcomes(previous: ReadonlyMap<string, ActionOutcome>, results: readonly ActionResult[]): ReadonlyMap<string, ActionOutcome> {
  const next = new Map(previous);
  for (const { prestation, outcome } of results) {
    const ours = previous.get(prestation.prestationId);
    const conflictAfterOurs = ours !== undefined && 'done' in ours && prestation.streamVersion < ours.version && 'error' in outcome && outcome.error instanceof ApiError && outcome.error.status === 409;
    if (!conflictAfterOurs) next.set(prestation.prestationId, outcome);
  }
  return next;
}
