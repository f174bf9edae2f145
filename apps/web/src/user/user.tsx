import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { type CommandAnswer, type UserItem } from '../api/types';
import { Button, Field, Notice, StatusBadge } from '../design/components';
import { formatDate, formatInstant } from '../i18n/format';
import { ActionNotice, ActionStatus, Facts, FormOutcomeNotice, Parties, ResourceState, useFormSend, useLanguage } from '../app/shared';
import { type DoneKey, isDone, usePrestationActions } from '../app/use-prestation-actions';
import { useOnline, useResource } from '../app/use-resource';
import { keptListKey, useDraft } from '../app/use-draft';
import { type Session } from '../auth/session';

/**
 * The user's prestations (R7, R8, R9, R12): "En attente de validation" while the worker decides,
 * confirm or contest while it may, and when it confirms itself (R17 absences included).
 */
export function UserPrestations({ session, focus }: { session: Session; focus?: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const list = useResource(['userList', language], () => call('userList', { query: { language } }), keptListKey(session, 'prestations'));
  const actions = usePrestationActions(list.data, list.reload);
  // As the worker's app (R5): offline, or showing what was fetched before the network went, nothing is sent.
  const usable = useOnline() && !list.savedAt;
  const disabledWhy = usable ? undefined : t('user.onlineOnly');
  // The open contest form outlives a session that ends while it is written (login and back); its reason is the form's.
  const [contesting, setContesting] = useDraft(`${session.id}.user.contesting`);
  const items = [...(list.data ?? [])].sort((a, b) => Number(b.prestationId === focus) - Number(a.prestationId === focus));
  /** Runs a command on `p`; true once done. */
  const act = (p: UserItem, command: (target: { id: string }, version: number, idempotencyKey: string) => Promise<CommandAnswer>, done: DoneKey) =>
    actions.run(p, (_, idempotencyKey) => command({ id: p.prestationId }, p.version, idempotencyKey), done);
  return (
    <div>
      <h1>{t('user.title')}</h1>
      <ActionStatus last={actions.last} />
      <ResourceState resource={list} />
      {!usable && list.data && <Notice tone="warning">{t('user.onlineOnly')}</Notice>}
      {/* A link (e-mail) to a prestation that is not theirs, or cut short: said, not silently ignored. */}
      {focus && list.data && !list.data.some((p) => p.prestationId === focus) && <Notice tone="warning">{t('user.linkUnknown')}</Notice>}
      {list.data?.length === 0 && <p>{t('app.none')}</p>}
      {items.map((p) => (
        <article key={p.prestationId} className="card" aria-labelledby={`p-${p.prestationId}`} data-prestation={p.prestationId} aria-current={p.prestationId === focus ? 'true' : undefined}>
          <h2 id={`p-${p.prestationId}`} tabIndex={-1}>
            {formatDate(p.serviceDate, language)} <StatusBadge of="user" status={p.status} />
          </h2>
          <Facts prestation={p}>
            <Parties prestation={p} show={['worker', 'company']} />
            {p.automaticConfirmationAt && (
              <>
                <dt>{t('fields.automaticConfirmationAt')}</dt>
                <dd>
                  <time dateTime={p.automaticConfirmationAt}>{t('deadline.at', { date: formatInstant(p.automaticConfirmationAt, language) })}</time>
                </dd>
              </>
            )}
          </Facts>
          {/* R7: confirmed before the worker (or the company) decided: said, since the status stays "awaiting validation". */}
          {p.confirmedByUser && !actions.outcomeOf(p.prestationId) && <Notice tone="success">{t('user.confirmedEarly')}</Notice>}
          {/* Whose move it is (R5, R16, R18): a card without buttons says why, and what comes next. */}
          {p.awaiting && <p data-awaiting={p.awaiting}>{t(`user.awaiting.${p.awaiting}`)}</p>}
          <ActionNotice outcome={actions.outcomeOf(p.prestationId)} />
          {(p.mayConfirm || p.mayContest) && !isDone(actions.outcomeOf(p.prestationId)) && (
            <div className="row">
              {p.mayConfirm && (
                <Button disabled={!usable} title={disabledWhy} busy={actions.busyOn(p.prestationId)} onClick={() => void act(p, (parameters, version, idempotencyKey) => call('userConfirm', { parameters, body: { version }, idempotencyKey }), 'user.confirmed')}>
                  {t('user.confirm')}
                </Button>
              )}
              {p.mayContest && (
                <Button variant="secondary" disabled={!usable} title={disabledWhy} aria-expanded={contesting === p.prestationId} onClick={() => setContesting(contesting === p.prestationId ? '' : p.prestationId)}>
                  {t('user.contest')}
                </Button>
              )}
            </div>
          )}
          {contesting === p.prestationId && p.mayContest && usable && !isDone(actions.outcomeOf(p.prestationId)) && (
            <ContestForm
              draft={`${session.id}.user.contest.${p.prestationId}.reason`}
              busy={actions.busyOn(p.prestationId)}
              send={(reason) => act(p, (parameters, version, idempotencyKey) => call('userContest', { parameters, body: { version, reason }, idempotencyKey }), 'user.contested')}
              onSent={() => setContesting('')}
            />
          )}
        </article>
      ))}
    </div>
  );
}

/** R18: the user's contest of one prestation, its reason kept as a draft of that prestation's until it is sent. */
function ContestForm(props: { draft: string; busy: boolean; send: (reason: string) => Promise<boolean>; onSent: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useDraft(props.draft);
  return (
    <form
      className="stack"
      aria-label={t('user.contestTitle')}
      onSubmit={(event) => {
        event.preventDefault();
        void props.send(reason).then((sent) => {
          if (!sent) return;
          setReason('');
          props.onSent();
        });
      }}
    >
      <Field kind="textarea" label={t('fields.reason')} value={reason} onChange={setReason} required />
      <Button type="submit" busy={props.busy}>
        {t('user.sendContest')}
      </Button>
    </form>
  );
}

/** R17: the user's planned absences, declared and listed. */
export function UserAbsences() {
  const { t } = useTranslation();
  const language = useLanguage();
  const absences = useResource(['userAbsences'], () => call('userAbsences'));
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const form = useFormSend();
  return (
    <div>
      <h1>{t('user.absencesTitle')}</h1>
      <p>{t('user.absencesHelp')}</p>
      <FormOutcomeNotice outcome={form.outcome} />
      <form
        className="card row"
        onSubmit={(event) => {
          event.preventDefault();
          form.send(
            () => call('userDeclareAbsence', { body: { from, to } }),
            () => {
              absences.reload();
              setFrom('');
              setTo('');
              return { tone: 'success', done: 'user.declared' };
            },
          );
        }}
      >
        <Field kind="date" label={t('fields.from')} value={from} onChange={setFrom} required />
        <Field kind="date" label={t('fields.to')} value={to} onChange={setTo} required />
        <Button type="submit" busy={form.busy}>
          {t('user.declare')}
        </Button>
      </form>
      <ResourceState resource={absences} />
      {absences.data?.length === 0 && <p>{t('app.none')}</p>}
      <ul className="list">
        {/* By the days they cover, not by when they were declared (newcomer trial). */}
        {[...(absences.data ?? [])].sort((a, b) => a.from.localeCompare(b.from)).map((absence) => (
          <li key={absence.absenceId} className="card">
            {formatDate(absence.from, language)} – {formatDate(absence.to, language)}{' '}
            <span className="muted">
              ({t('user.declaredAt')} {formatInstant(absence.declaredAt, language)})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
