import { useRef, useState } from 'react';

/**
 * One new prestation per filled-in form: its id (chosen by the client, README) and the command's
 * Idempotency-Key stay the same until the gateway has accepted it, so a double click or a retry
 * after a network failure sends the same request again and writes once; a new pair is drawn after
 * a success, for the next prestation. `submitting` disables the button meanwhile.
 */
export function useNewPrestation(): {
  readonly submitting: boolean;
  readonly submit: (send: (prestationId: string, idempotencyKey: string) => Promise<unknown>) => Promise<string | undefined>;
} {
  const next = () => ({ prestationId: crypto.randomUUID(), idempotencyKey: crypto.randomUUID() });
  const current = useRef(next());
  const inFlight = useRef(false);
  const [submitting, setSubmitting] = useState(false);
  const submit = async (send: (prestationId: string, idempotencyKey: string) => Promise<unknown>) => {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setSubmitting(true);
    const { prestationId, idempotencyKey } = current.current;
    try {
      await send(prestationId, idempotencyKey);
      current.current = next();
      return prestationId;
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };
  return { submitting, submit };
}
