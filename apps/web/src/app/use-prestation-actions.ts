import { useEffect, useRef, useState } from 'react';
import { type CommandAnswer, type PrestationFacts } from '../api/types';

/** What one action on one prestation came to: done (with the version the command answered), or the error. */
export type ActionOutcome = { readonly done: string; readonly version: number } | { readonly error: unknown };

export const isDone = (outcome: ActionOutcome | undefined): outcome is { readonly done: string; readonly version: number } => outcome !== undefined && 'done' in outcome;

// The views follow the event log a moment after each command (ADR 0006): how often, and how long, to look again.
const reloadEveryMs = 600;
const reloadAtMost = 30;

/**
 * Actions on the prestations of a list (validate, contest, confirm, correct...). The list is a
 * view that catches up with the command a moment later, so until it shows the version the
 * command answered (or no longer holds the prestation), `outcomeOf` says what was done and the
 * card must not offer the action again (a second click was a 409); meanwhile the list is reloaded.
 * A failed action is kept beside its prestation, and the list reloaded: it may have been stale.
 */
export function usePrestationActions(items: readonly PrestationFacts[] | undefined, reload: () => void) {
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, ActionOutcome>>(new Map());
  const reloads = useRef(0);
  const versionOf = (id: string) => items?.find((item) => item.prestationId === id)?.version;
  const pending = [...outcomes].some(([id, outcome]) => 'done' in outcome && (versionOf(id) ?? Infinity) < outcome.version);

  useEffect(() => {
    if (!pending || reloads.current >= reloadAtMost) return;
    const timer = setTimeout(() => {
      reloads.current += 1;
      reload();
    }, reloadEveryMs);
    return () => clearTimeout(timer);
  }, [pending, items]);

  const record = (entries: readonly (readonly [string, ActionOutcome])[]) => {
    reloads.current = 0;
    setOutcomes((previous) => new Map([...previous, ...entries]));
    if (entries.some(([, outcome]) => 'error' in outcome)) reload();
  };

  /** Runs `command` on each prestation at once; one outcome each, in the order given (bulk validation lists them). */
  const runEach = async <P extends PrestationFacts>(prestations: readonly P[], command: (prestation: P) => Promise<CommandAnswer>, done: string) => {
    const settled = await Promise.allSettled(prestations.map(command));
    const results = prestations.map((prestation, i) => {
      const result = settled[i] as PromiseSettledResult<CommandAnswer>;
      const outcome: ActionOutcome = result.status === 'fulfilled' ? { done, version: result.value.streamVersion } : { error: result.reason as unknown };
      return { prestation, outcome };
    });
    record(results.map(({ prestation, outcome }) => [prestation.prestationId, outcome] as const));
    return results;
  };

  return {
    runEach,
    /** One action on one prestation; true when it was done. */
    run: async <P extends PrestationFacts>(prestation: P, command: (prestation: P) => Promise<CommandAnswer>, done: string) => {
      const [result] = await runEach([prestation], command, done);
      return result !== undefined && 'done' in result.outcome;
    },
    /** The last outcome of an action on this prestation while it matters: an error, or done and the list not caught up yet. */
    outcomeOf: (id: string): ActionOutcome | undefined => {
      const outcome = outcomes.get(id);
      if (!outcome || 'error' in outcome) return outcome;
      return (versionOf(id) ?? Infinity) < outcome.version ? outcome : undefined;
    },
  };
}
