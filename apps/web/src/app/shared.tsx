import { Fragment, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorKind } from '../api/client';
import { type AnswerOf } from '../api/operations';
import { type PrestationFacts } from '../api/types';
import { Button, Notice } from '../design/components';
import { brusselsDay, formatDate, formatInstant } from '../i18n/format';
import { type Language } from '../i18n/i18n';
import { type MessageKey } from '../i18n/en';
import { type Resource } from './use-resource';
import { type ActionOutcome, type LastAction } from './use-prestation-actions';

/** The activities a prestation may be (libs/contracts `activities`), in the order of the notice. */
export const activities = ['HOUSEHOLD_HELP', 'SHOPPING', 'IRONING', 'TRANSPORT_REDUCED_MOBILITY'] as const;

/** A select's value as one of the options it offers (the API's enums), checked rather than cast; the first option otherwise. */
export const optionOf = <Option extends string>(options: readonly [Option, ...Option[]], value: string): Option => options.find((option) => option === value) ?? options[0];

/** Today in Brussels, YYYY-MM-DD: the default service date of a new prestation. */
export const brusselsToday = () => brusselsDay(new Date());

export const useLanguage = () => useTranslation().i18n.language as Language;

/** Loading, error (with retry) and the offline mark of a resource; nothing once plainly loaded. */
export function ResourceState({ resource }: { resource: Resource<unknown> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  // Not while looking again after an error: the error and its Retry stay (they would flicker, and be announced again).
  if (resource.loading && resource.data === undefined && !resource.error) return <p role="status">{t('app.loading')}</p>;
  if (resource.error)
    return (
      <ErrorNotice error={resource.error}>
        {/* Said only here: a query out of reach is looked for again by itself, a command or an export is not (third newcomer trial). */}
        {['NETWORK', 'UNAVAILABLE'].includes(errorKind(resource.error)) && <>{t('app.triesAgain')} </>}
        <Button variant="secondary" onClick={resource.reload}>
          {t('app.retry')}
        </Button>
      </ErrorNotice>
    );
  if (resource.savedAt)
    return (
      <Notice tone="warning">
        {t('app.offline', { time: formatInstant(resource.savedAt, language) })}{' '}
        <Button variant="secondary" onClick={resource.reload}>
          {t('app.retry')}
        </Button>
      </Notice>
    );
  return null;
}

/** Date, hours and activity of a prestation, as a definition list. */
export function Facts({ prestation, children }: { prestation: PrestationFacts; children?: React.ReactNode }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <dl className="facts">
      <dt>{t('fields.serviceDate')}</dt>
      <dd>{formatDate(prestation.serviceDate, language)}</dd>
      <dt>{t('fields.hours')}</dt>
      <dd>{t('time.hoursUnit', { count: prestation.hours })}</dd>
      <dt>{t('fields.activity')}</dt>
      <dd>{t(`activities.${prestation.activity}`)}</dd>
      {children}
    </dl>
  );
}

/** The people a prestation is about, as its view names them. */
export type Party = 'company' | 'worker' | 'user';
/** A party's name for a card, a table cell or a list: the reference data's, else its id. */
export const partyName = (p: PrestationFacts, party: Party) => ({ company: p.companyName ?? p.companyId, worker: p.workerName ?? p.workerId, user: p.userName ?? p.userId })[party];

/**
 * Who a prestation is about by name (issue 11: the reference data's name; the id only when it has
 * none), as rows of a Facts list, in the order asked: the worker sees company and household, the
 * user worker and company.
 */
export function Parties({ prestation, show }: { prestation: PrestationFacts; show: readonly Party[] }) {
  const { t } = useTranslation();
  return show.map((party) => (
    <Fragment key={party}>
      <dt>{t(`fields.${party}`)}</dt>
      <dd data-party={party}>{partyName(prestation, party)}</dd>
    </Fragment>
  ));
}

/**
 * The company's reasons, as rows of a Facts list: why it encoded (R2) and why it corrected last
 * (R3), each only when given; the worker validates the version these explain.
 */
export function CompanyReasons({ prestation }: { prestation: { encodingReason: string | null; correctionReason: string | null } }) {
  const { t } = useTranslation();
  return (
    <>
      {prestation.encodingReason && (
        <>
          <dt>{t('fields.reason')}</dt>
          <dd data-reason="encoding">{prestation.encodingReason}</dd>
        </>
      )}
      {prestation.correctionReason && (
        <>
          <dt>{t('fields.correctionReason')}</dt>
          <dd data-reason="correction">{prestation.correctionReason}</dd>
        </>
      )}
    </>
  );
}

/** The label of an id field is the person's: the forms pick people by name. */
const personFields: Readonly<Record<string, string>> = { companyId: 'company', workerId: 'worker', userId: 'user' };

/**
 * The headline of a failed call: "<field label>: <what is wrong>" when the gateway named a field
 * we have a label for (its `reason` translated, else the code's sentence), the conflict's own text
 * for an ILLEGAL_STATE with a `reason` (an overlapping absence is not a changed prestation), else
 * the code's sentence.
 */
export function errorHeadline(error: unknown, t: (key: string, values?: Record<string, string | number>) => string, exists: (key: string) => boolean): string {
  const kind = t(`errors.${errorKind(error)}`);
  if (!(error instanceof ApiError)) return kind;
  // A refused file (the operators' import): how many lines to fix, listed under it.
  if (error.problems) return t('errors.fileRefused', { count: error.problems.length });
  // The bound, where the gateway gave one, after the reason: "the period is too long (at most 92 days)".
  const limit = error.reason && error.limit !== undefined && exists(`errors.limits.${error.reason}`) ? ` ${t(`errors.limits.${error.reason}`, { limit: error.limit })}` : '';
  const what = error.reason ? `${t(`errors.reasons.${error.reason}`)}${limit}` : kind;
  // A body field reaches the services as data.<field>; the label is the field's own name, the
  // person's for an id (the forms pick people by name).
  const name = error.field?.replace(/^data\./, '');
  const label = name === undefined ? undefined : `fields.${personFields[name] ?? name}`;
  return label && exists(label) ? t('errors.fieldProblem', { field: t(label), problem: what }) : what;
}

/**
 * A failed call for the person: a translated headline from the API's error (errorHeadline), and
 * the server's own text, in English, only as a detail to open (for support).
 */
export function ErrorNotice({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const detail = error instanceof Error ? error.message : undefined;
  return (
    <Notice tone="error">
      <span data-error={errorKind(error)}>{errorHeadline(error, (key, values) => t(key, { ...values }), (key) => i18n.exists(key))}</span> {children}
      {/* A refused file's lines: what to fix is there, in the API's words (the operator's import). */}
      {error instanceof ApiError && error.problems && (
        <ul className="list" lang="en" data-problems>
          {error.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {detail && !(error instanceof ApiError && error.problems) && (
        <details className="details">
          <summary>{t('errors.details')}</summary>
          <span lang="en">{detail}</span>
        </details>
      )}
    </Notice>
  );
}

/** The outcome of a form: saved (the message's key and values, said in the language shown, review), or the error. */
export type FormOutcome = { readonly tone: 'success' | 'warning'; readonly done: MessageKey; readonly values?: Readonly<Record<string, string | number>> } | { readonly tone: 'error'; readonly error: unknown };

/**
 * The last outcome of a form, above it. Cleared as the form sends again (useFormSend, or its submit button):
 * otherwise "Encoded" stayed above the refusals of the next attempt (newcomer trial).
 */
export function FormOutcomeNotice({ outcome, children }: { outcome: FormOutcome | undefined; children?: ReactNode }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  if (outcome.tone === 'error') return <ErrorNotice error={outcome.error} />;
  return (
    <Notice tone={outcome.tone}>
      {t(outcome.done, { ...outcome.values })} {children}
    </Notice>
  );
}

/**
 * A form's request, one at a time: `send` does nothing while the last one is in flight (a double
 * click's second press comes before React renders the first, hence a ref; review: a declared absence
 * was then refused as overlapping itself), `busy` for its button. The outcome is cleared as it sends,
 * then `done(answer)`'s, or the refusal's (`refused`, by default the error as it is).
 */
export function useFormSend() {
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<FormOutcome>();
  const send = <T,>(request: () => Promise<T>, done: (answer: T) => FormOutcome, refused: (error: unknown) => FormOutcome = (error) => ({ tone: 'error', error })) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setOutcome(undefined);
    request()
      .then(done, refused)
      .then(setOutcome)
      .finally(() => {
        inFlight.current = false;
        setBusy(false);
      });
  };
  return { busy, outcome, send };
}

/**
 * On a prestation's card: what this device just did to it (until the list catches up), or why it
 * failed. Done is shown, not announced: the page's `ActionStatus` announces it, and stays.
 */
export function ActionNotice({ outcome }: { outcome: ActionOutcome | undefined }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  return 'error' in outcome ? <ErrorNotice error={outcome.error} /> : <div className="notice success">{t(outcome.done)}</div>;
}

/** One prestation in a line of text: its date, hours and activity. */
function PrestationLine({ prestation }: { prestation: PrestationFacts }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <>
      {formatDate(prestation.serviceDate, language, 'medium')} · {t('time.hoursUnit', { count: prestation.hours })} · {t(`activities.${prestation.activity}`)}
    </>
  );
}

/**
 * The page's last action, said until the next one (a live region, so screen readers announce it):
 * a card's own notice goes once the list catches up, and a validated card leaves the worker's list
 * (newcomer trial: "Validated" showed for under a second); a refusal, once its card has left the list. When the pressed button went with the
 * action, the focus goes to the heading of the nearest card that still has buttons, the next one
 * first, so that the next Tab reaches them (second newcomer trial: from this line, the fifth card's
 * button was nine Tabs away; third: this line was out of sight, 1,000 px above the card); with no
 * such card, it comes here rather than falling to the page's body.
 */
export function ActionStatus({ last }: { last: LastAction | undefined }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!last || !(document.activeElement === null || document.activeElement === document.body)) return;
    (cardHeadingNear(last.prestation.prestationId) ?? ref.current)?.focus();
  }, [last]);
  return (
    <p ref={ref} tabIndex={-1} role="status" className="action-status" data-last-action={last?.prestation.prestationId}>
      {last && (
        <>
          <PrestationLine prestation={last.prestation} />
          {t('app.colon')}
          <strong>{'done' in last ? t(last.done) : errorHeadline(last.error, (key, values) => t(key, { ...values }), (key) => i18n.exists(key))}</strong>
        </>
      )}
    </p>
  );
}

/** The heading (focusable, `tabIndex={-1}`) of the nearest card to this prestation's that still has a button: after it, else before it. */
function cardHeadingNear(prestationId: string): HTMLElement | null {
  const acted = document.querySelector(`article[data-prestation="${CSS.escape(prestationId)}"]`);
  const actionable = (card: Element | null | undefined) => card?.matches('article[data-prestation]') && card.querySelector('button:not([disabled])') !== null;
  for (const step of ['nextElementSibling', 'previousElementSibling'] as const) {
    let card = acted?.[step];
    while (card && !actionable(card)) card = card[step];
    if (card) return card.querySelector<HTMLElement>('h2[tabindex="-1"]');
  }
  return null;
}

/**
 * Asks to confirm a bulk validation, listing what it covers (R16: seen before validated): its
 * heading takes the focus as it opens, and Cancel gives it back to the button that opened it
 * (`opener`, its element id; newcomer trial: both left the focus on the page's body), or to the
 * page's main landmark when that button is gone or disabled meanwhile. Escape cancels too, as in a
 * dialog (second newcomer trial).
 */
export function BulkConfirm(props: { title: string; confirm: string; busy: boolean; disabled?: boolean; opener: string; onConfirm: () => void; onCancel: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const cancel = () => {
    props.onCancel();
    const opener = document.getElementById(props.opener);
    (opener && !opener.matches(':disabled') ? opener : document.getElementById('main'))?.focus();
  };
  return (
    <section className="card" aria-labelledby="bulk-title" onKeyDown={(event) => event.key === 'Escape' && cancel()}>
      <h2 id="bulk-title" ref={heading} tabIndex={-1}>
        {props.title}
      </h2>
      {props.children}
      <div className="row">
        <Button disabled={props.disabled} busy={props.busy} onClick={props.onConfirm}>
          {props.confirm}
        </Button>
        <Button variant="secondary" onClick={cancel}>
          {t('app.cancel')}
        </Button>
      </div>
    </section>
  );
}

/** A bulk action's result, prestation by prestation (R16, the worker's "validate all"): how many were done, and each one's outcome. */
export function BulkOutcome({ results }: { results: readonly { prestation: PrestationFacts; outcome: ActionOutcome }[] }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  // Its buttons gone with the confirmation, the focus comes to what was done (newcomer trial: it fell to the page's body).
  useEffect(() => heading.current?.focus(), [results]);
  const done = results.filter((result) => 'done' in result.outcome).length;
  const failed = results.length - done;
  return (
    <section className={`notice ${failed === 0 ? 'success' : done === 0 ? 'error' : 'warning'}`} aria-labelledby="bulk-outcome" data-bulk-outcome>
      <h2 id="bulk-outcome" ref={heading} tabIndex={-1}>
        {t('app.bulkOutcome', { done, failed })}
      </h2>
      <ul className="list">
        {results.map(({ prestation, outcome }) => (
          <li key={prestation.prestationId} data-prestation-outcome={prestation.prestationId} data-done={'done' in outcome}>
            <PrestationLine prestation={prestation} />
            {t('app.colon')}
            {'done' in outcome ? <strong>{t(outcome.done)}</strong> : <ErrorNotice error={outcome.error} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The roles the audit timeline names a person of (the reference data has names for these only). */
const byName = { COMPANY: true, WORKER: true, USER: true };

/** A prestation's audit trail (GET /{portal}/prestations/{id}/audit), oldest first: each event, when, and by whom, by name where the reference data has one. */
export function AuditTimeline({ trail }: { trail: AnswerOf<'audit'> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <ol className="timeline">
      {trail.events.map((event) => (
        <li key={event.eventId} data-event={event.type}>
          <strong>{t(`events.${event.type}`, { defaultValue: event.type })}</strong> · <time dateTime={event.occurredAt}>{formatInstant(event.occurredAt, language)}</time>
          <br />
          <span className="muted" data-actor={event.actor.role}>
            {event.actor.name && event.actor.role in byName ? t(`events.byName.${event.actor.role}`, { name: event.actor.name }) : t(`events.by.${event.actor.role}`)}
          </span>
        </li>
      ))}
    </ol>
  );
}
