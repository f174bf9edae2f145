import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { type BodyOf } from '../api/operations';
import { type WorkerToValidate } from '../api/types';
import { Button, Field, Link, Notice } from '../design/components';
import { type Session } from '../auth/session';
import { ActionNotice, ActionStatus, activities, BulkConfirm, brusselsToday, BulkOutcome, CompanyReasons, Facts, type FormOutcome, FormOutcomeNotice, optionOf, Parties, type Party, ResourceState, useFormSend, useLanguage } from '../app/shared';
import { formatDate, localeOf } from '../i18n/format';
import { type ActionOutcome, isDone, usePrestationActions } from '../app/use-prestation-actions';
import { useOnline, useResource } from '../app/use-resource';
import { useNewPrestation } from '../app/use-new-prestation';
import { keptListKey, useDraft } from '../app/use-draft';
import { Deadline } from '../app/deadline';
import { EnableNotifications } from './notifications';
import { ColourLegend } from './legend';

const contestReasons = ['WRONG_HOURS', 'WRONG_DATE', 'WRONG_ACTIVITY', 'NOT_PERFORMED', 'OTHER'] as const;
/** Whom the worker's cards name (issue 11): the company they worked for and the household. */
const workerParties: readonly Party[] = ['company', 'user'];

/**
 * The worker's dashboard (R2, R3, R5): each prestation to validate with its deadline, validate or
 * contest it, or validate all shown after seeing the list. Online only: offline the last list
 * stays readable, marked as such, and both buttons say why they are disabled.
 */
export function WorkerDashboard({ session, focus }: { session: Session; focus?: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const online = useOnline();
  const list = useResource(['workerToValidate', language], () => call('workerToValidate', { query: { language } }), keptListKey(session, 'to-validate'));
  const actions = usePrestationActions(list.data, list.reload);
  const [bulk, setBulk] = useState(false);
  const [bulkResults, setBulkResults] = useState<Awaited<ReturnType<typeof actions.runEach>>>();
  const usable = online && !list.savedAt;
  // Those just validated or contested here stay shown, marked, until the view catches up; they are not offered again.
  // The one opened from a notification first, then by service date, oldest (nearest its deadline) first.
  const items = [...(list.data ?? [])].sort((a, b) => Number(b.prestationId === focus) - Number(a.prestationId === focus) || a.serviceDate.localeCompare(b.serviceDate));
  const open = items.filter((p) => !isDone(actions.outcomeOf(p.prestationId)));
  const validate = (p: WorkerToValidate, idempotencyKey: string) => call('workerValidate', { parameters: { id: p.prestationId }, body: { version: p.version }, idempotencyKey });

  return (
    <div>
      <h1>{t('worker.dashboardTitle')}</h1>
      <ActionStatus last={actions.last} />
      <ResourceState resource={list} />
      {!usable && list.data && <Notice tone="warning">{t('worker.onlineOnly')}</Notice>}
      {bulkResults && <BulkOutcome results={bulkResults} />}
      {focus && list.data && !list.data.some((p) => p.prestationId === focus) && <FocusNotToValidate id={focus} />}
      {list.data?.length === 0 && <p>{t('worker.nothingToValidate')}</p>}
      {open.length > 1 && (
        <p>
          {/* Kept while the confirmation is open: Cancel gives the focus back to it. */}
          <Button id="validate-all" variant="secondary" disabled={!usable} aria-expanded={bulk} onClick={() => setBulk(true)}>
            {t('worker.validateAll', { count: open.length })}
          </Button>
        </p>
      )}
      {bulk && (
        <BulkConfirm
          title={t('worker.validateAllTitle', { count: open.length })}
          confirm={t('worker.validateAllConfirm', { count: open.length })}
          disabled={!usable}
          opener="validate-all"
          busy={actions.busyOn(...open.map((p) => p.prestationId))}
          onConfirm={() =>
            void actions.runEach(open, validate, 'worker.validated').then((results) => {
              if (!results) return; // a second click while the first one's requests are in flight
              setBulkResults(results);
              setBulk(false);
            })
          }
          onCancel={() => setBulk(false)}
        >
          <ul>
            {open.map((p) => (
              <li key={p.prestationId}>
                <Facts prestation={p}>
                  <Parties prestation={p} show={workerParties} />
                </Facts>
              </li>
            ))}
          </ul>
        </BulkConfirm>
      )}
      {items.map((p) => (
        <ToValidate
          key={p.prestationId}
          prestation={p}
          usable={usable}
          focused={p.prestationId === focus}
          drafts={`${session.id}.worker.contest.${p.prestationId}`}
          outcome={actions.outcomeOf(p.prestationId)}
          busy={actions.busyOn(p.prestationId)}
          onValidate={() => actions.run(p, validate, 'worker.validated')}
          onContest={(body) => actions.run(p, (_, idempotencyKey) => call('workerContest', { parameters: { id: p.prestationId }, body: { version: p.version, ...body }, idempotencyKey }), 'worker.contested')}
        />
      ))}
    </div>
  );
}

/**
 * Opened from a link (e-mail, notification) to a prestation that is not, or no longer, awaiting the
 * worker (R2, R5): says so, with its status from the 3-month history (R13) where it is there, rather
 * than showing the others as if the link had led to one of them.
 */
function FocusNotToValidate({ id }: { id: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const history = useResource(['workerHistory', language], () => call('workerHistory', { query: { language } }));
  if (!history.data) return null;
  const item = history.data.items.find((entry) => entry.prestationId === id);
  const text = !item
    ? t('worker.linkUnknown')
    : // The history already has it to validate, the list not yet: a view a moment behind the other.
      item.colour === 'ORANGE'
      ? t('worker.linkNotYetListed')
      : t('worker.linkDone', { date: formatDate(item.serviceDate, language), status: t(`status.company.${item.status}`) });
  return (
    <Notice tone="warning">
      {text} <Link to="/worker/history">{t('worker.seeHistory')}</Link>
    </Notice>
  );
}

function ToValidate(props: {
  prestation: WorkerToValidate;
  usable: boolean;
  /** A request on it is in flight. */
  busy: boolean;
  focused: boolean;
  outcome: ActionOutcome | undefined;
  onValidate: () => Promise<boolean>;
  onContest: (body: Omit<BodyOf<'workerContest'>, 'version'>) => Promise<boolean>;
  /** Names its drafts (`useDraft`): whose, and of which prestation. */
  drafts: string;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const p = props.prestation;
  // The open contest form and its text outlive a session that ends while it is written (login and back).
  const [open, setOpen] = useDraft(`${props.drafts}.open`);
  const contesting = open !== '';
  const setContesting = (on: boolean) => setOpen(on ? 'open' : '');
  // All of the form: a text restored under another reason code than the one chosen would be sent as such.
  const [reasonCodeDraft, setReasonCode] = useDraft(`${props.drafts}.reasonCode`);
  const reasonCode = optionOf(contestReasons, reasonCodeDraft);
  const [text, setText] = useDraft(`${props.drafts}.text`);
  const [proposedHours, setProposedHours] = useDraft(`${props.drafts}.proposedHours`);
  const titleId = `p-${p.prestationId}`;
  const disabledWhy = props.usable ? undefined : t('worker.onlineOnly');
  const done = isDone(props.outcome);
  return (
    <article className="card" aria-labelledby={titleId} data-prestation={p.prestationId} aria-current={props.focused ? 'true' : undefined}>
      {/* Dated as the user's cards are: every card of this list was encoded or corrected by the company (newcomer trial). */}
      <h2 id={titleId} tabIndex={-1}>
        {formatDate(p.serviceDate, language)} <span className="muted">· {t(`status.encodedBy.${p.encodedBy}`)}</span>
      </h2>
      <Facts prestation={p}>
        <Parties prestation={p} show={workerParties} />
        <CompanyReasons prestation={p} />
        {p.deadline && (
          <>
            <dt>{t('fields.deadline')}</dt>
            <dd>
              <Deadline at={p.deadline} workingDays={p.workingDaysLeft} reader="worker" />
            </dd>
          </>
        )}
      </Facts>
      <ActionNotice outcome={props.outcome} />
      {!done && (
      <div className="row">
        <Button disabled={!props.usable} busy={props.busy} title={disabledWhy} onClick={() => void props.onValidate()}>
          {t('worker.validate')}
        </Button>
        <Button variant="secondary" disabled={!props.usable} title={disabledWhy} aria-expanded={contesting} onClick={() => setContesting(!contesting)}>
          {t('worker.contest')}
        </Button>
      </div>
      )}
      {contesting && props.usable && !done && (
        <form
          className="stack"
          aria-label={t('worker.contestTitle')}
          onSubmit={(event) => {
            event.preventDefault();
            void props.onContest({ reasonCode, text, ...(proposedHours ? { proposedHours: Number(proposedHours) } : {}) }).then((sent) => {
              if (!sent) return;
              for (const forget of [setOpen, setReasonCode, setText, setProposedHours]) forget('');
            });
          }}
        >
          <h3>{t('worker.contestTitle')}</h3>
          <Field kind="select" label={t('fields.reasonCode')} value={reasonCode} onChange={(value) => setReasonCode(optionOf(contestReasons, value))} options={contestReasons.map((code) => ({ value: code, label: t(`contestReasons.${code}`) }))} />
          <Field kind="textarea" label={t('fields.text')} value={text} onChange={setText} required />
          <Field kind="number" label={t('fields.proposedHours')} value={proposedHours} onChange={setProposedHours} min={1} max={9} />
          <Button type="submit" busy={props.busy}>
            {t('worker.sendContest')}
          </Button>
        </form>
      )}
    </article>
  );
}

/** R12, R13: the last 3 months, the four colours and their legend, who encoded each; never a cancelled one. */
export function WorkerHistoryScreen({ session }: { session: Session }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const history = useResource(['workerHistory', language], () => call('workerHistory', { query: { language } }), keptListKey(session, 'history'));
  return (
    <div>
      <h1>{t('worker.historyTitle')}</h1>
      <ResourceState resource={history} />
      {history.data && (
        <>
          <ColourLegend legend={history.data.legend} />
          {history.data.items.length === 0 && <p>{t('app.none')}</p>}
          <ol className="list">
            {history.data.items.map((item) => (
              <li key={item.prestationId} className={`card history-item colour-${item.colour}`} data-colour={item.colour} data-prestation={item.prestationId}>
                <p>
                  <span className="swatch" aria-hidden="true" />
                  <strong>{t(`status.colour.${item.colour}`)}</strong> <span data-status={item.status}>· {t(`status.company.${item.status}`)}</span>
                </p>
                <Facts prestation={item}>
                  <Parties prestation={item} show={workerParties} />
                </Facts>
                <p className="muted">{t(`status.encodedBy.${item.encodedBy}`)}</p>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

/** The token's worker as the gateway knows them (GET /worker/profile): the profile screen and the encode form. */
const useWorkerProfile = () => useResource(['workerProfile'], () => call('workerProfile'));

/**
 * R11: where the worker's e-mails go now and who set that address (once the worker has, their
 * companies can no longer change it); the change form starts from it. Also the language of the
 * e-mails, the companies that employ them (issue 11) and notifications on this device (R4).
 */
export function WorkerProfile() {
  const { t } = useTranslation();
  const language = useLanguage();
  const online = useOnline();
  const profile = useWorkerProfile();
  // Undefined until the worker types: the field shows the current address.
  const [email, setEmail] = useState<string>();
  const form = useFormSend();
  const p = profile.data;
  const shown = email ?? p?.email ?? '';
  const locale = localeOf(language);
  return (
    <div>
      <h1>{t('worker.profileTitle')}</h1>
      <ResourceState resource={profile} />
      {p && (
        <section className="card" aria-labelledby="profile-name">
          <h2 id="profile-name">{p.name}</h2>
          <dl className="facts">
            <dt>{t('worker.currentEmail')}</dt>
            <dd data-field="email">
              {p.email ?? <span className="muted">{t('worker.noEmail')}</span>}
              {p.email && <span className="muted"> · {t(p.setByWorker ? 'worker.setByYou' : 'worker.setByCompany')}</span>}
            </dd>
            <dt>{t('worker.emailLanguage')}</dt>
            <dd>{new Intl.DisplayNames([locale], { type: 'language' }).of(p.language)}</dd>
            <dt>{t('worker.companies')}</dt>
            <dd data-field="companies">{new Intl.ListFormat(locale).format(p.companies.map((company) => company.name))}</dd>
          </dl>
        </section>
      )}
      <FormOutcomeNotice outcome={form.outcome} />
      <form
        className="card stack"
        aria-labelledby="change-email"
        onSubmit={(event) => {
          event.preventDefault();
          form.send(
            () => call('workerEmail', { body: { email: shown } }),
            () => {
              setEmail(undefined);
              profile.reload();
              return { tone: 'success', done: 'app.saved' };
            },
          );
        }}
      >
        <h2 id="change-email">{t('worker.changeEmail')}</h2>
        <Field kind="email" label={t('fields.email')} hint={t('worker.emailHelp')} value={shown} onChange={setEmail} required />
        <Button type="submit" disabled={!online} busy={form.busy}>
          {t('app.save')}
        </Button>
      </form>
      <section className="card" aria-labelledby="notifications">
        <h2 id="notifications">{t('worker.notifications')}</h2>
        <EnableNotifications />
      </section>
    </div>
  );
}

/**
 * R1: the worker encodes in the app (channel APP); their company then validates it (R16). The
 * company is picked from those that employ them, by name (issue 11), the first one chosen. Online only.
 */
export function WorkerEncode() {
  const { t } = useTranslation();
  const online = useOnline();
  const profile = useWorkerProfile();
  const [fields, setFields] = useState({ companyId: '', userId: '', serviceDate: brusselsToday(), hours: '4', activity: 'HOUSEHOLD_HELP' });
  const [message, setMessage] = useState<FormOutcome>();
  const encoding = useNewPrestation();
  const set = (name: keyof typeof fields) => (value: string) => {
    encoding.edited();
    setFields({ ...fields, [name]: value });
  };
  const companies = profile.data?.companies ?? [];
  const companyId = fields.companyId || (companies[0]?.companyId ?? '');
  return (
    <div>
      <h1>{t('worker.encodeTitle')}</h1>
      <p>{t('worker.encodeHelp')}</p>
      {!online && <Notice tone="warning">{t('worker.onlineOnly')}</Notice>}
      <ResourceState resource={profile} />
      {profile.data && companies.length === 0 && <Notice tone="warning">{t('worker.noCompany')}</Notice>}
      <FormOutcomeNotice outcome={message} />
      <form
        className="card stack"
        onSubmit={(event) => {
          event.preventDefault();
          encoding
            .submit((prestationId, idempotencyKey) => call('workerEncode', { idempotencyKey, body: { ...fields, companyId, prestationId, hours: Number(fields.hours), activity: optionOf(activities, fields.activity) } }))
            .then(
              (prestationId) => prestationId && setMessage({ tone: 'success', done: 'worker.encoded' }),
              (error: unknown) => setMessage({ tone: 'error', error }),
            );
        }}
      >
        <Field kind="select" label={t('fields.company')} value={companyId} onChange={set('companyId')} required options={companies.map((company) => ({ value: company.companyId, label: company.name }))} />
        <Field label={t('fields.userId')} value={fields.userId} onChange={set('userId')} required digits={12} />
        <Field kind="date" label={t('fields.serviceDate')} value={fields.serviceDate} onChange={set('serviceDate')} required />
        <Field kind="number" label={t('fields.hours')} value={fields.hours} onChange={set('hours')} min={1} max={9} required />
        <Field kind="select" label={t('fields.activity')} value={fields.activity} onChange={set('activity')} options={activities.map((a) => ({ value: a, label: t(`activities.${a}`) }))} />
        <Button type="submit" disabled={!online || !companyId} busy={encoding.submitting} onClick={() => setMessage(undefined)}>
          {t('worker.encode')}
        </Button>
      </form>
    </div>
  );
}
