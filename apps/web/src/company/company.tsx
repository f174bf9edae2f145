import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CompanyStatus, companyLabels } from '@prestaflow/domain/status-labels';
import { call, download } from '../api/client';
import { type AuditEvent, type CompanyItem, type CompanyPage, type CompanyWorker, type Share, type ShareWeek } from '../api/types';
import { Button, Field, Link, Notice, StatusBadge, Table } from '../design/components';
import { formatDate, formatInstant, formatPercent } from '../i18n/format';
import { activities, brusselsToday, Deadline, Facts, ResourceState, useLanguage } from '../app/shared';
import { navigate } from '../app/router';
import { useResource } from '../app/use-resource';
import { useNewPrestation } from '../app/use-new-prestation';

const statuses = Object.keys(companyLabels) as CompanyStatus[];
const filterNames = ['status', 'workerId', 'userId', 'from', 'to'] as const;
type Sortable = 'serviceDate' | 'status' | 'workerId' | 'hours';
const pageSize = 50;

/**
 * The company's prestations (R12): filters (status, worker, user, period) kept in the address, so
 * a link or a reload shows the same; sorting by column; pages of 50; the worker deadline in
 * Brussels time with the time left; validate worker-encoded ones singly or in bulk (R16);
 * export the filtered rows (R14).
 */
export function CompanyPrestations({ search }: { search: URLSearchParams }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const query = Object.fromEntries([...filterNames, 'page', 'sort'].map((name) => [name, search.get(name) ?? undefined]));
  const page = Number(query['page'] ?? 1);
  const sort = query['sort'] ?? '-serviceDate';
  const list = useResource(() => call<CompanyPage>('companyList', { query: { ...query, pageSize, language } }), [search.toString(), language]);
  const [filters, setFilters] = useState<Record<string, string>>(() => Object.fromEntries(filterNames.map((name) => [name, search.get(name) ?? ''])));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string }>();

  const go = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setSelected(new Set());
    navigate(`/company${next.size ? `?${next}` : ''}`);
  };
  const toValidate = (list.data?.items ?? []).filter((item) => item.status === 'TO_VALIDATE_BY_COMPANY');
  const chosen = toValidate.filter((item) => selected.has(item.prestationId));
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / pageSize));
  const exportQuery = { ...Object.fromEntries(filterNames.map((name) => [name, query[name]])), language };

  const validate = async (items: readonly CompanyItem[]) => {
    try {
      await Promise.all(items.map((item) => call('companyValidate', { parameters: { id: item.prestationId }, body: { version: item.version } })));
      setMessage({ tone: 'success', text: t('company.validated') });
      setSelected(new Set());
      setConfirming(false);
      list.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: t('app.error', { message: (error as Error).message }) });
    }
  };

  const header = (column: Sortable, label: string) => {
    const direction = sort === column ? 'ascending' : sort === `-${column}` ? 'descending' : undefined;
    return (
      <th aria-sort={direction ?? 'none'}>
        <button type="button" onClick={() => go({ sort: sort === `-${column}` ? column : `-${column}`, page: undefined })} aria-label={t('company.sortBy', { column: label })}>
          {label} {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
        </button>
      </th>
    );
  };

  return (
    <div>
      <h1>{t('company.title')}</h1>
      <form
        className="card row"
        aria-label={t('company.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          go({ ...filters, page: undefined });
        }}
      >
        <Field kind="select" label={t('fields.status')} value={filters['status'] ?? ''} onChange={(status) => setFilters({ ...filters, status })} options={[{ value: '', label: t('company.allStatuses') }, ...statuses.map((status) => ({ value: status, label: t(`status.company.${status}`) }))]} />
        <Field label={t('fields.workerId')} value={filters['workerId'] ?? ''} onChange={(workerId) => setFilters({ ...filters, workerId })} />
        <Field label={t('fields.userId')} value={filters['userId'] ?? ''} onChange={(userId) => setFilters({ ...filters, userId })} />
        <Field kind="date" label={t('fields.from')} value={filters['from'] ?? ''} onChange={(from) => setFilters({ ...filters, from })} />
        <Field kind="date" label={t('fields.to')} value={filters['to'] ?? ''} onChange={(to) => setFilters({ ...filters, to })} />
        <Button type="submit">{t('company.apply')}</Button>
        <Button
          variant="secondary"
          onClick={() => {
            setFilters(Object.fromEntries(filterNames.map((name) => [name, ''])));
            navigate('/company');
          }}
        >
          {t('company.reset')}
        </Button>
      </form>
      <div className="row">
        <Button variant="secondary" onClick={() => void download('companyExport', { parameters: { format: 'csv' }, query: exportQuery })}>
          {t('company.exportCsv')}
        </Button>
        <Button variant="secondary" onClick={() => void download('companyExport', { parameters: { format: 'xlsx' }, query: exportQuery })}>
          {t('company.exportXlsx')}
        </Button>
        {chosen.length > 0 && <Button onClick={() => setConfirming(true)}>{t('company.validateSelected', { count: chosen.length })}</Button>}
      </div>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      {confirming && (
        <section className="card" aria-labelledby="bulk-title">
          <h2 id="bulk-title">{t('company.validateSelectedTitle', { count: chosen.length })}</h2>
          <ul>
            {chosen.map((item) => (
              <li key={item.prestationId}>
                {formatDate(item.serviceDate, language)} · {item.workerId} · {t('time.hoursUnit', { count: item.hours })} · {t(`activities.${item.activity}`)}
              </li>
            ))}
          </ul>
          <div className="row">
            <Button onClick={() => void validate(chosen)}>{t('company.validateSelectedConfirm')}</Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t('app.cancel')}
            </Button>
          </div>
        </section>
      )}
      <ResourceState resource={list} />
      {list.data && (
        <>
          <p role="status">{t('company.total', { count: list.data.total })}</p>
          <Table caption={t('company.title')} busy={list.loading}>
            <thead>
              <tr>
                <th>
                  <span className="skip">{t('company.select')}</span>
                </th>
                {header('serviceDate', t('fields.serviceDate'))}
                {header('workerId', t('fields.worker'))}
                <th>{t('fields.user')}</th>
                {header('hours', t('fields.hours'))}
                <th>{t('fields.activity')}</th>
                {header('status', t('fields.status'))}
                <th>{t('fields.deadline')}</th>
                <th>{t('fields.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((item) => (
                <tr key={item.prestationId} data-prestation={item.prestationId}>
                  <td>
                    {item.status === 'TO_VALIDATE_BY_COMPANY' && (
                      <input
                        type="checkbox"
                        aria-label={`${t('company.select')} ${formatDate(item.serviceDate, language)} ${item.workerId}`}
                        checked={selected.has(item.prestationId)}
                        onChange={(event) => {
                          const next = new Set(selected);
                          if (event.target.checked) next.add(item.prestationId);
                          else next.delete(item.prestationId);
                          setSelected(next);
                        }}
                      />
                    )}
                  </td>
                  <td>
                    <Link to={`/company/prestations/${item.prestationId}`}>{formatDate(item.serviceDate, language, 'medium')}</Link>
                  </td>
                  <td>{item.workerId}</td>
                  <td>{item.userId}</td>
                  <td>{item.hours}</td>
                  <td>{t(`activities.${item.activity}`)}</td>
                  <td>
                    <StatusBadge status={item.status} label={item.statusLabel} />
                  </td>
                  <td>{item.workerDeadline && <Deadline at={item.workerDeadline} />}</td>
                  <td>{item.encodingReason}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <nav className="row" aria-label={t('company.page', { page, pages })}>
            <Button variant="secondary" disabled={page <= 1} onClick={() => go({ page: String(page - 1) })}>
              {t('company.previous')}
            </Button>
            <span>{t('company.page', { page, pages })}</span>
            <Button variant="secondary" disabled={page >= pages} onClick={() => go({ page: String(page + 1) })}>
              {t('company.next')}
            </Button>
          </nav>
        </>
      )}
    </div>
  );
}

/** The last worker contest of a prestation's trail, if it is the latest decision (R5). */
const contestOf = (events: readonly AuditEvent[]) => [...events].reverse().find((event) => event.type === 'WorkerContested')?.data as { reasonCode?: string; text?: string; proposedHours?: number } | undefined;

/** One prestation: facts, status, contest (reason, text, proposed hours), actions (R3, R16, cancel), audit timeline. */
export function CompanyPrestation({ id }: { id: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const row = useResource(() => call<CompanyItem>('companyOne', { parameters: { id }, query: { language } }), [id, language]);
  const audit = useResource(() => call<{ events: AuditEvent[] }>('audit', { parameters: { portal: 'company', id } }), [id, row.data?.version]);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [form, setForm] = useState<'correct' | 'cancel'>();
  const act = (run: Promise<unknown>, text: string) =>
    run.then(
      () => {
        setMessage({ tone: 'success', text });
        setForm(undefined);
        setTimeout(row.reload, 500); // the view follows the event log a moment later
      },
      (error: Error) => setMessage({ tone: 'error', text: t('app.error', { message: error.message }) }),
    );
  const p = row.data;
  const open = p && p.status !== 'CONFIRMED' && p.status !== 'CANCELLED';
  const contest = p?.status === 'CONTESTED_BY_WORKER' && audit.data ? contestOf(audit.data.events) : undefined;
  return (
    <div>
      <p>
        <Link to="/company">← {t('company.title')}</Link>
      </p>
      <ResourceState resource={row} />
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      {p && (
        <>
          <h1>
            {t('company.detailTitle', { date: formatDate(p.serviceDate, language) })} <StatusBadge status={p.status} label={p.statusLabel} />
          </h1>
          <section className="card">
            <Facts prestation={p}>
              <dt>{t('fields.worker')}</dt>
              <dd>{p.workerId}</dd>
              <dt>{t('fields.user')}</dt>
              <dd>{p.userId}</dd>
              {p.encodingReason && (
                <>
                  <dt>{t('fields.reason')}</dt>
                  <dd>{p.encodingReason}</dd>
                </>
              )}
              {p.workerDeadline && (
                <>
                  <dt>{t('fields.deadline')}</dt>
                  <dd>
                    <Deadline at={p.workerDeadline} />
                  </dd>
                </>
              )}
            </Facts>
            {contest && (
              <section aria-labelledby="contest-title" className="notice warning">
                <h2 id="contest-title">{t('company.contest')}</h2>
                <dl className="facts">
                  <dt>{t('fields.reasonCode')}</dt>
                  <dd data-field="reasonCode">{t(`contestReasons.${contest.reasonCode}`)}</dd>
                  <dt>{t('fields.text')}</dt>
                  <dd>{contest.text}</dd>
                  {contest.proposedHours !== undefined && (
                    <>
                      <dt>{t('fields.proposedHours')}</dt>
                      <dd data-field="proposedHours">{t('time.hoursUnit', { count: contest.proposedHours })}</dd>
                    </>
                  )}
                </dl>
              </section>
            )}
            <div className="row">
              {p.status === 'TO_VALIDATE_BY_COMPANY' && <Button onClick={() => void act(call('companyValidate', { parameters: { id }, body: { version: p.version } }), t('company.validated'))}>{t('company.validate')}</Button>}
              {open && (
                <>
                  <Button variant="secondary" aria-expanded={form === 'correct'} onClick={() => setForm(form === 'correct' ? undefined : 'correct')}>
                    {t('company.correct')}
                  </Button>
                  <Button variant="danger" aria-expanded={form === 'cancel'} onClick={() => setForm(form === 'cancel' ? undefined : 'cancel')}>
                    {t('company.cancelPrestation')}
                  </Button>
                </>
              )}
            </div>
            {form === 'correct' && <CorrectionForm prestation={p} proposedHours={contest?.proposedHours} onSubmit={(body) => act(call('companyCorrect', { parameters: { id }, body: { version: p.version, ...body } }), t('company.corrected'))} />}
            {form === 'cancel' && <CancelForm onSubmit={(reason) => act(call('companyCancel', { parameters: { id }, body: { reason } }), t('company.cancelled'))} />}
          </section>
          <section className="card" aria-labelledby="audit-title">
            <h2 id="audit-title">{t('company.audit')}</h2>
            <ResourceState resource={audit} />
            <ol className="timeline">
              {audit.data?.events.map((event) => (
                <li key={event.eventId} data-event={event.type}>
                  <strong>{t(`events.${event.type}`, { defaultValue: event.type })}</strong> · <time dateTime={event.occurredAt}>{formatInstant(event.occurredAt, language)}</time>
                  <br />
                  <span className="muted">{t('events.by', { who: `${event.actor.role} ${event.actor.id}` })}</span>
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </div>
  );
}

function CorrectionForm({ prestation, proposedHours, onSubmit }: { prestation: CompanyItem; proposedHours?: number; onSubmit: (body: object) => void }) {
  const { t } = useTranslation();
  const [serviceDate, setServiceDate] = useState(prestation.serviceDate);
  const [hours, setHours] = useState(String(proposedHours ?? prestation.hours));
  const [activity, setActivity] = useState(prestation.activity);
  const [reason, setReason] = useState('');
  return (
    <form
      className="stack"
      aria-label={t('company.correct')}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit({ serviceDate, hours: Number(hours), activity, reason: reason || null });
      }}
    >
      <div className="row">
        <Field kind="date" label={t('fields.serviceDate')} value={serviceDate} onChange={setServiceDate} required />
        <Field kind="number" label={t('fields.hours')} value={hours} onChange={setHours} min={1} max={9} required />
        <Field kind="select" label={t('fields.activity')} value={activity} onChange={setActivity} options={activities.map((a) => ({ value: a, label: t(`activities.${a}`) }))} />
      </div>
      <Field kind="textarea" label={t('fields.reason')} value={reason} onChange={setReason} />
      <Button type="submit">{t('company.correct')}</Button>
    </form>
  );
}

function CancelForm({ onSubmit }: { onSubmit: (reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <form
      className="stack"
      aria-label={t('company.cancelPrestation')}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(reason);
      }}
    >
      <Field kind="textarea" label={t('fields.reason')} value={reason} onChange={setReason} required />
      <Button type="submit" variant="danger">
        {t('company.cancelPrestation')}
      </Button>
    </form>
  );
}

/** R2: the company encodes for its worker, exceptionally, saying why. */
export function CompanyEncode() {
  const { t } = useTranslation();
  const [fields, setFields] = useState({ workerId: '', userId: '', serviceDate: brusselsToday(), hours: '4', activity: 'HOUSEHOLD_HELP', reason: '' });
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string; id?: string }>();
  const encoding = useNewPrestation();
  const set = (name: keyof typeof fields) => (value: string) => setFields({ ...fields, [name]: value });
  return (
    <div>
      <h1>{t('company.encodeTitle')}</h1>
      <p>{t('company.encodeHelp')}</p>
      {message && (
        <Notice tone={message.tone}>
          {message.text} {message.id && <Link to={`/company/prestations/${message.id}`}>{t('company.open')}</Link>}
        </Notice>
      )}
      <form
        className="card stack"
        onSubmit={(event) => {
          event.preventDefault();
          encoding
            .submit((prestationId, idempotencyKey) => call('companyEncode', { idempotencyKey, body: { ...fields, prestationId, hours: Number(fields.hours) } }))
            .then(
              (prestationId) => prestationId && setMessage({ tone: 'success', text: t('company.encoded'), id: prestationId }),
              (error: Error) => setMessage({ tone: 'error', text: t('app.error', { message: error.message }) }),
            );
        }}
      >
        <div className="row">
          <Field label={t('fields.workerId')} name="workerId" value={fields.workerId} onChange={set('workerId')} required />
          <Field label={t('fields.userId')} name="userId" value={fields.userId} onChange={set('userId')} required />
          <Field kind="date" label={t('fields.serviceDate')} name="serviceDate" value={fields.serviceDate} onChange={set('serviceDate')} required />
          <Field kind="number" label={t('fields.hours')} name="hours" value={fields.hours} onChange={set('hours')} min={1} max={9} required />
          <Field kind="select" label={t('fields.activity')} name="activity" value={fields.activity} onChange={set('activity')} options={activities.map((a) => ({ value: a, label: t(`activities.${a}`) }))} />
        </div>
        <Field kind="textarea" label={t('fields.reason')} name="reason" value={fields.reason} onChange={set('reason')} required />
        <Button type="submit" disabled={encoding.submitting}>
          {t('company.encode')}
        </Button>
      </form>
    </div>
  );
}

/** R11: the company's workers with their e-mail address (who set it, whether it bounced); the company sets one until the worker does. */
export function CompanyWorkers() {
  const { t } = useTranslation();
  const language = useLanguage();
  const workers = useResource(() => call<CompanyWorker[]>('companyWorkers'), []);
  const [workerId, setWorkerId] = useState('');
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string }>();
  return (
    <div>
      <h1>{t('company.workersTitle')}</h1>
      <p>{t('company.workersHelp')}</p>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <ResourceState resource={workers} />
      {workers.data && (
        <Table caption={t('company.workersTitle')}>
          <thead>
            <tr>
              <th>{t('fields.worker')}</th>
              <th>{t('fields.email')}</th>
            </tr>
          </thead>
          <tbody>
            {workers.data.map((worker) => (
              <tr key={worker.workerId} data-worker={worker.workerId}>
                <td>
                  {worker.name} <span className="muted">({worker.workerId})</span>
                </td>
                <td>
                  {worker.email ?? <span className="muted">{t('company.noEmail')}</span>}
                  {worker.setByWorker && <span className="muted"> · {t('company.setByWorker')}</span>}
                  {worker.bounce && (
                    <>
                      {' '}
                      <span className="badge problem" title={worker.bounce.detail ?? undefined}>
                        {t('company.bounced', { date: formatInstant(worker.bounce.bouncedAt, language) })}
                      </span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <h2>{t('company.changeEmail')}</h2>
      <form
        className="card row"
        onSubmit={(event) => {
          event.preventDefault();
          call('companyWorkerEmail', { parameters: { workerId }, body: { email } }).then(
            () => {
              setMessage({ tone: 'success', text: t('app.saved') });
              setTimeout(workers.reload, 500);
            },
            (error: Error) => setMessage({ tone: 'error', text: t('app.error', { message: error.message }) }),
          );
        }}
      >
        <Field kind="select" label={t('fields.worker')} value={workerId} onChange={setWorkerId} required options={[{ value: '', label: '—' }, ...(workers.data ?? []).filter((worker) => !worker.setByWorker).map((worker) => ({ value: worker.workerId, label: `${worker.name} (${worker.workerId})` }))]} />
        <Field kind="email" label={t('fields.email')} value={email} onChange={setEmail} required />
        <Button type="submit">{t('app.save')}</Button>
      </form>
    </div>
  );
}

/** R15: the share of prestations the company encoded itself, week by week beside the platform's, so it sees whether it stays exceptional. */
export function CompanyShare() {
  const { t } = useTranslation();
  const language = useLanguage();
  const share = useResource(() => call<Share>('companyShare'), []);
  const weeks = useResource(() => call<ShareWeek[]>('companyShareWeeks'), []);
  const percent = (value: number | null) => (value === null ? '—' : formatPercent(value, language));
  const height = 120;
  const top = Math.max(0.05, ...(weeks.data ?? []).flatMap((week) => [week.share ?? 0, week.platformShare ?? 0]));
  const y = (value: number | null) => height - ((value ?? 0) / top) * height;
  return (
    <div>
      <h1>{t('company.shareTitle')}</h1>
      <ResourceState resource={share} />
      {share.data && (
        <p className="card">{t('company.shareText', { share: percent(share.data.share), total: share.data.total })}</p>
      )}
      {weeks.data && (
        <section className="card" aria-labelledby="chart-title">
          <h2 id="chart-title">{t('company.chartTitle')}</h2>
          <svg className="chart" viewBox={`0 0 ${weeks.data.length * 30} ${height + 2}`} role="img" aria-labelledby="chart-title" preserveAspectRatio="none">
            {weeks.data.map((week, i) => (
              <rect key={week.week} className="bar" x={i * 30 + 6} width={18} y={y(week.share)} height={height - y(week.share)}>
                <title>{`${t('company.week')} ${formatDate(week.week, language, 'medium')}: ${percent(week.share)}`}</title>
              </rect>
            ))}
            <polyline className="average" fill="none" points={weeks.data.flatMap((week, i) => (week.platformShare === null ? [] : [`${i * 30 + 15},${y(week.platformShare)}`])).join(' ')} />
          </svg>
          <p className="chart-legend">
            <span className="key bar-key" aria-hidden="true" /> {t('company.yourShare')} <span className="key line-key" aria-hidden="true" /> {t('company.platformAverage')}
          </p>
          <Table caption={t('company.chartTitle')}>
            <thead>
              <tr>
                <th>{t('company.week')}</th>
                <th>{t('company.yourShare')}</th>
                <th>{t('company.platformAverage')}</th>
              </tr>
            </thead>
            <tbody>
              {weeks.data.map((week) => (
                <tr key={week.week}>
                  <td>{formatDate(week.week, language, 'medium')}</td>
                  <td>
                    {percent(week.share)} <span className="muted">({week.encodedByCompany}/{week.total})</span>
                  </td>
                  <td>{percent(week.platformShare)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      )}
    </div>
  );
}
