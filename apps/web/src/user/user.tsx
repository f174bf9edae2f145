import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { type Absence, type UserItem } from '../api/types';
import { Button, Field, Notice, StatusBadge } from '../design/components';
import { formatDate, formatInstant } from '../i18n/format';
import { Facts, ResourceState, useLanguage } from '../app/shared';
import { useResource } from '../app/use-resource';

/**
 * The user's prestations (R7, R8, R9, R12): "En attente de validation" while the worker decides,
 * confirm or contest while it may, and when it confirms itself (R17 absences included).
 */
export function UserPrestations({ focus }: { focus?: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const list = useResource(() => call<UserItem[]>('userList', { query: { language } }), [language]);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [contesting, setContesting] = useState<string>();
  const [reason, setReason] = useState('');
  const items = [...(list.data ?? [])].sort((a, b) => Number(b.prestationId === focus) - Number(a.prestationId === focus));
  const act = (run: Promise<unknown>, text: string) =>
    run.then(
      () => {
        setMessage({ tone: 'success', text });
        setContesting(undefined);
        list.reload();
      },
      (error: Error) => setMessage({ tone: 'error', text: t('app.error', { message: error.message }) }),
    );
  return (
    <div>
      <h1>{t('user.title')}</h1>
      <ResourceState resource={list} />
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      {list.data?.length === 0 && <p>{t('app.none')}</p>}
      {items.map((p) => (
        <article key={p.prestationId} className="card" aria-labelledby={`p-${p.prestationId}`} data-prestation={p.prestationId} aria-current={p.prestationId === focus ? 'true' : undefined}>
          <h2 id={`p-${p.prestationId}`}>
            {formatDate(p.serviceDate, language)} <StatusBadge status={p.status} label={p.statusLabel} />
          </h2>
          <Facts prestation={p}>
            {p.automaticConfirmationAt && (
              <>
                <dt>{t('fields.automaticConfirmationAt')}</dt>
                <dd>
                  <time dateTime={p.automaticConfirmationAt}>{formatInstant(p.automaticConfirmationAt, language)}</time>
                </dd>
              </>
            )}
          </Facts>
          {(p.mayConfirm || p.mayContest) && (
            <div className="row">
              {p.mayConfirm && <Button onClick={() => void act(call('userConfirm', { parameters: { id: p.prestationId }, body: { version: p.version } }), t('user.confirmed'))}>{t('user.confirm')}</Button>}
              {p.mayContest && (
                <Button variant="secondary" aria-expanded={contesting === p.prestationId} onClick={() => setContesting(contesting === p.prestationId ? undefined : p.prestationId)}>
                  {t('user.contest')}
                </Button>
              )}
            </div>
          )}
          {contesting === p.prestationId && (
            <form
              className="stack"
              aria-label={t('user.contestTitle')}
              onSubmit={(event) => {
                event.preventDefault();
                void act(call('userContest', { parameters: { id: p.prestationId }, body: { version: p.version, reason } }), t('user.contested'));
              }}
            >
              <Field kind="textarea" label={t('fields.reason')} value={reason} onChange={setReason} required />
              <Button type="submit">{t('user.sendContest')}</Button>
            </form>
          )}
        </article>
      ))}
    </div>
  );
}

/** R17: the user's planned absences, declared and listed. */
export function UserAbsences() {
  const { t } = useTranslation();
  const language = useLanguage();
  const absences = useResource(() => call<Absence[]>('userAbsences'), []);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string }>();
  return (
    <div>
      <h1>{t('user.absencesTitle')}</h1>
      <p>{t('user.absencesHelp')}</p>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <form
        className="card row"
        onSubmit={(event) => {
          event.preventDefault();
          call('userDeclareAbsence', { body: { from, to } }).then(
            () => {
              setMessage({ tone: 'success', text: t('user.declared') });
              absences.reload();
            },
            (error: Error) => setMessage({ tone: 'error', text: t('app.error', { message: error.message }) }),
          );
        }}
      >
        <Field kind="date" label={t('fields.from')} value={from} onChange={setFrom} required />
        <Field kind="date" label={t('fields.to')} value={to} onChange={setTo} required />
        <Button type="submit">{t('user.declare')}</Button>
      </form>
      <ResourceState resource={absences} />
      {absences.data?.length === 0 && <p>{t('app.none')}</p>}
      <ul className="list">
        {absences.data?.map((absence) => (
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
