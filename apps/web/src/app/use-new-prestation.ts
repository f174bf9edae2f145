import { useRef, useState } from 'react';

/**
 * One new prestation per filled-in form: its id (chosen by the client, README) and the command's
 * Idempotency-Key stay the same until the person edits the form after the gateway accepted it. So
 * a double click, a retry after a network failure, or Encoder pressed again on the same values
 * sends the same request again, which the gateway answers as the first time and writes once; the
 * first edit after a success draws a new pair, for the next prestation. `submitting` while a
 * request is in flight (its button is busy; a second submit then sends nothing).
 */
export function useNewPrestation(): {
  readonly submitting: boolean;
  readonly submit: (send: (prestationId: string, idempotencyKey: string) => Promise<unknown>) => Promise<string | undefined>;
  /** To call on every edit of the form: after a success, the edited form is a new prestation. */
  readonly edited: () => void;
} {
  const next = () => ({ prestationId: crypto.randomUUID(), idempotencyKey: crypto.randomUUID() });
  const current = useRef(next());
  const accepted = useRef(false);
  const inFlight = useRef(false);
  const [submitting, setSubmitting] = useState(false);
  const submit = async (send: (prestationId: string, idempotencyKey: string) => Promise<unknown>) => {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setSubmitting(true);
    const { prestationId, idempotencyKey } = current.current;
    try {
      await send(prestationId, idempotencyKey);
      accepted.current = true;
      return prestationId;
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };
  const edited = () => {
    if (!accepted.current) return;
    accepted.current = false;
    current.current = next();
  };
  return { submitting, submit, edited };
}
