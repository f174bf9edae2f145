import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CompanyStatus, companyLabels } from '@prestaflow/domain/status-labels';
import { call, download } from '../api/client';
import { type BodyOf } from '../api/operations';
import { type AuditEvent, type CompanyItem } from '../api/types';
import { Button, Field, Link, StatusBadge, Table } from '../design/components';
import { formatDate, formatInstant, formatPercent } from '../i18n/format';
import { Deadline } from '../app/deadline';
import { ActionNotice, ActionStatus, activities, AuditTimeline, BulkConfirm, brusselsToday, BulkOutcome, CompanyReasons, Facts, type FormOutcome, FormOutcomeNotice, optionOf, Parties, partyName, ResourceState, useFormSend, useLanguage } from '../app/shared';
import { ShareExplanation } from './share-help';
import { type ActionOutcome, type Command, type DoneKey, isDone, usePrestationActions } from '../app/use-prestation-actions';
import { navigate } from '../app/router';
import { useResource } from '../app/use-resource';
import { useNewPrestation } from '../app/use-new-prestation';

const statuses = Object.keys(companyLabels) as CompanyStatus[];
const filterNames = ['status', 'workerId', 'userId', 'from', 'to'] as const;
type Sortable = 'serviceDate' | 'status' | 'workerName' | 'hours';
const pageSize = 50;

/**
 * The company's prestations (R12): filters (status, worker, user, period) kept in the address, so
 * a link or a reload shows the same; sorting by column; pages of 50; the worker deadline in
 * Brussels time with the working days left (R6); validate worker-encoded ones singly or in bulk (R16);
 * export the filtered rows (R14). Workers and users by name (issue 11), the worker filter a list
 * of the company's workers.
 */
export function CompanyPrestations({ search }: { search: URLSearchParams }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const query = Object.fromEntries([...filterNames, 'page', 'sort'].map((name) => [name, search.get(name) ?? undefined]));
  const page = Number(query['page'] ?? 1);
  const sort = query['sort'] ?? '-serviceDate';
  const list = useResource(['companyList', search.toString(), language], () => call('companyList', { query: { ...query, pageSize, language } }));
  const workers = useResource(['companyWorkers'], () => call('companyWorkers'));
  const users = useCompanyUsers(search.get('userId') ?? '');
  const filtersIn = () => Object.fromEntries(filterNames.map((name) => [name, search.get(name) ?? '']));
  const [filters, setFilters] = useState<Record<string, string>>(filtersIn);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const actions = usePrestationActions(list.data?.items, list.reload);
  const [bulkResults, setBulkResults] = useState<Awaited<ReturnType<typeof actions.runEach>>>();
  const [exporting, setExporting] = useState<'csv' | 'xlsx'>();
  // A ref as well: a second click comes before React renders the first (review: two downloads).
  const exportInFlight = useRef(false);
  // The address of the rows shown: a bulk outcome that comes back once they changed is not theirs (review).
  const shownSearch = useRef(search.toString());
  shownSearch.current = search.toString();
  const [exportOutcome, setExportOutcome] = useState<FormOutcome>();
  // The address is what the list shows: the form follows it (the menu's link, Back), and a bulk outcome goes with the rows it was about (review).
  useEffect(() => {
    setFilters(filtersIn());
    setBulkResults(undefined);
  }, [search.toString()]);

  const go = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setSelected(new Set());
    navigate(`/company${next.size ? `?${next}` : ''}`);
  };
  // One just validated here is not offered again while the view catches up.
  const toValidate = (list.data?.items ?? []).filter((item) => item.status === 'TO_VALIDATE_BY_COMPANY' && !isDone(actions.outcomeOf(item.prestationId)));
  const chosen = toValidate.filter((item) => selected.has(item.prestationId));
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / pageSize));
  const exportQuery = { ...Object.fromEntries(filterNames.map((name) => [name, query[name]])), language };

  /** R14: the filtered rows as a file; one at a time, and a refusal or no answer said (review: a failed export did nothing). */
  const exportAs = (format: 'csv' | 'xlsx') => {
    if (exportInFlight.current) return;
    exportInFlight.current = true;
    setExporting(format);
    setExportOutcome(undefined);
    download('companyExport', { parameters: { format }, query: exportQuery })
      .catch((error: unknown) => setExportOutcome({ tone: 'error', error }))
      .finally(() => {
        exportInFlight.current = false;
        setExporting(undefined);
      });
  };

  const validate = async (items: readonly CompanyItem[]) => {
    const sentFor = search.toString();
    const results = await actions.runEach(items, (item, idempotencyKey) => call('companyValidate', { parameters: { id: item.prestationId }, body: { version: item.version }, idempotencyKey }), 'company.validated');
    if (!results) return; // a second click while the first one's requests are in flight
    if (shownSearch.current === sentFor) setBulkResults(results);
    setSelected(new Set());
    setConfirming(false);
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
        <Field
          kind="select"
          label={t('fields.worker')}
          value={filters['workerId'] ?? ''}
          onChange={(workerId) => setFilters({ ...filters, workerId })}
          options={[{ value: '', label: t('company.allWorkers') }, ...(workers.data ?? []).map((worker) => ({ value: worker.workerId, label: worker.name }))]}
        />
        <Field
          kind="combobox"
          label={t('fields.user')}
          placeholder={t('company.allUsers')}
          value={filters['userId'] ?? ''}
          onChange={(userId) => setFilters({ ...filters, userId })}
          options={users.options}
          onInputChange={users.lookUp}
          emptyText={t('company.noMatch')}
        />
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
        {(['csv', 'xlsx'] as const).map((format) => (
          <Button key={format} variant="secondary" busy={exporting === format} disabled={exporting !== undefined && exporting !== format} onClick={() => exportAs(format)}>
            {t(format === 'csv' ? 'company.exportCsv' : 'company.exportXlsx')}
          </Button>
        ))}
        {chosen.length > 0 && <Button id="validate-selected" aria-expanded={confirming} onClick={() => setConfirming(true)}>{t('company.validateSelected', { count: chosen.length })}</Button>}
      </div>
      <FormOutcomeNotice outcome={exportOutcome} />
      {bulkResults && <BulkOutcome results={bulkResults} />}
      {confirming && (
        <BulkConfirm
          title={t('company.validateSelectedTitle', { count: chosen.length })}
          confirm={t('company.validateSelectedConfirm', { count: chosen.length })}
          opener="validate-selected"
          busy={actions.busyOn(...chosen.map((item) => item.prestationId))}
          onConfirm={() => void validate(chosen)}
          onCancel={() => setConfirming(false)}
        >
          <ul>
            {chosen.map((item) => (
              <li key={item.prestationId}>
                {formatDate(item.serviceDate, language)} · {partyName(item, 'worker')} · {t('time.hoursUnit', { count: item.hours })} · {t(`activities.${item.activity}`)}
              </li>
            ))}
          </ul>
        </BulkConfirm>
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
                {/* The key columns first: on a phone they show before the table scrolls sideways. */}
                {header('serviceDate', t('fields.serviceDate'))}
                {header('status', t('fields.status'))}
                {header('workerName', t('fields.worker'))}
                <th>{t('fields.user')}</th>
                {header('hours', t('fields.hours'))}
                <th>{t('fields.activity')}</th>
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
                        aria-label={`${t('company.select')} ${formatDate(item.serviceDate, language)} ${partyName(item, 'worker')}`}
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
                  <td>
                    <RowStatus item={item} outcome={actions.outcomeOf(item.prestationId)} />
                  </td>
                  <td>{partyName(item, 'worker')}</td>
                  <td>{partyName(item, 'user')}</td>
                  <td>{item.hours}</td>
                  <td>{t(`activities.${item.activity}`)}</td>
                  <td>
                    {item.workerDeadline ? (
                      <Deadline at={item.workerDeadline} workingDays={item.workingDaysLeft} reader="company" compact />
                    ) : (
                      item.companyDeadline && <Deadline at={item.companyDeadline} workingDays={item.companyWorkingDaysLeft} reader="ownCompany" compact />
                    )}
                  </td>
                  <td className="long-text">{item.encodingReason}</td>
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

/** A row's status, or what was just done to it here while the view catches up. */
function RowStatus({ item, outcome }: { item: CompanyItem; outcome: ActionOutcome | undefined }) {
  const { t } = useTranslation();
  return isDone(outcome) ? <span className="badge done">{t(outcome.done)}</span> : <StatusBadge of="company" status={item.status} />;
}

/**
 * The data of the latest event of `type` in a prestation's trail: what the company must act on (a
 * contest, R5, R18) or was told (a cancellation). A contest counts only if it is of the version
 * shown (`version`): one of an earlier round, before a correction, is not today's.
 */
const latestOf = <T,>(events: readonly AuditEvent[] | undefined, type: string, version?: number) =>
  [...(events ?? [])].reverse().find((event) => event.type === type && (version === undefined || (event.data as { version?: number }).version === version))?.data as Partial<T> | undefined;

/** One prestation: facts, status, the worker's or the user's contest, the cancellation's reason, actions (R3, R16, cancel), audit timeline. */
export function CompanyPrestation({ id }: { id: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const row = useResource(['companyOne', id, language], () => call('companyOne', { parameters: { id }, query: { language } }));
  const actions = usePrestationActions(row.data && [row.data], row.reload);
  const p = row.data;
  const outcome = p && actions.outcomeOf(p.prestationId);
  // The trail is read from the event store, again with each event the view shows (the stream's version,
  // which a contest or a cancellation moves too), and once an action is done, before the view has it.
  const audit = useResource(['audit', 'company', id, p?.streamVersion, isDone(outcome)], () => call('audit', { parameters: { portal: 'company', id } }));
  const [form, setForm] = useState<'correct' | 'cancel'>();
  const act = (command: Command<CompanyItem>, done: DoneKey) => row.data && void actions.run(row.data, command, done).then((ok) => ok && setForm(undefined));
  const busy = actions.busyOn(id);
  // Nothing is offered again while the view catches up with what was just done.
  const open = p && p.status !== 'CONFIRMED' && p.status !== 'CANCELLED' && !isDone(outcome);
  const contest = p?.status === 'CONTESTED_BY_WORKER' ? latestOf<{ reasonCode: string; text: string; proposedHours: number }>(audit.data?.events, 'WorkerContested', p.version) : undefined;
  const userContest = p?.status === 'CONTESTED_BY_USER' ? latestOf<{ reason: string }>(audit.data?.events, 'UserContested', p.version) : undefined;
  const cancellation = p?.status === 'CANCELLED' ? latestOf<{ reason: string }>(audit.data?.events, 'PrestationCancelled') : undefined;
  return (
    <div>
      <p>
        <Link to="/company">← {t('company.title')}</Link>
      </p>
      <ResourceState resource={row} />
      {/* Done is said by the status line, which stays; an error here. */}
      {outcome && !isDone(outcome) && <ActionNotice outcome={outcome} />}
      <ActionStatus last={actions.last} />
      {p && (
        <>
          <h1>
            {t('company.detailTitle', { date: formatDate(p.serviceDate, language) })} <StatusBadge of="company" status={p.status} />
          </h1>
          <section className="card">
            <Facts prestation={p}>
              <Parties prestation={p} show={['worker', 'user']} />
              <CompanyReasons prestation={p} />
              {p.workerDeadline && (
                <>
                  <dt>{t('fields.deadline')}</dt>
                  <dd>
                    <Deadline at={p.workerDeadline} workingDays={p.workingDaysLeft} reader="company" />
                  </dd>
                </>
              )}
              {p.companyDeadline && (
                <>
                  <dt>{t('fields.companyDeadline')}</dt>
                  <dd data-company-deadline>
                    <Deadline at={p.companyDeadline} workingDays={p.companyWorkingDaysLeft} reader="ownCompany" />
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
            {userContest && (
              <section aria-labelledby="user-contest-title" className="notice warning">
                <h2 id="user-contest-title">{t('company.userContest')}</h2>
                <dl className="facts">
                  <dt>{t('fields.reason')}</dt>
                  <dd data-reason="user-contest">{userContest.reason}</dd>
                </dl>
              </section>
            )}
            {cancellation && (
              <dl className="facts">
                <dt>{t('fields.cancellationReason')}</dt>
                <dd data-reason="cancellation">{cancellation.reason}</dd>
              </dl>
            )}
            <div className="row">
              {p.status === 'TO_VALIDATE_BY_COMPANY' && open && <Button busy={busy} onClick={() => act((q, idempotencyKey) => call('companyValidate', { parameters: { id }, body: { version: q.version }, idempotencyKey }), 'company.validated')}>{t('company.validate')}</Button>}
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
            {form === 'correct' && open && <CorrectionForm busy={busy} prestation={p} proposedHours={contest?.proposedHours} onSubmit={(body) => act((q, idempotencyKey) => call('companyCorrect', { parameters: { id }, body: { version: q.version, ...body }, idempotencyKey }), 'company.corrected')} />}
            {form === 'cancel' && open && <CancelForm busy={busy} onSubmit={(reason) => act((_, idempotencyKey) => call('companyCancel', { parameters: { id }, body: { reason }, idempotencyKey }), 'company.cancelled')} />}
          </section>
          <section className="card" aria-labelledby="audit-title">
            <h2 id="audit-title">{t('company.audit')}</h2>
            <ResourceState resource={audit} />
            {audit.data && <AuditTimeline trail={audit.data} />}
          </section>
        </>
      )}
    </div>
  );
}

function CorrectionForm({ prestation, proposedHours, busy, onSubmit }: { prestation: CompanyItem; proposedHours?: number; busy: boolean; onSubmit: (body: Omit<BodyOf<'companyCorrect'>, 'version'>) => void }) {
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
        <Field kind="select" label={t('fields.activity')} value={activity} onChange={(value) => setActivity(optionOf(activities, value))} options={activities.map((a) => ({ value: a, label: t(`activities.${a}`) }))} />
      </div>
      <Field kind="textarea" label={t('fields.reason')} value={reason} onChange={setReason} />
      <Button type="submit" busy={busy}>
        {t('company.correct')}
      </Button>
    </form>
  );
}

function CancelForm({ busy, onSubmit }: { busy: boolean; onSubmit: (reason: string) => void }) {
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
      <Button type="submit" variant="danger" busy={busy}>
        {t('company.cancelPrestation')}
      </Button>
    </form>
  );
}

/**
 * The households the company picks by name (GET /company/users, issue 11): those its prestations
 * name, plus the one whose exact 12 digits were typed (`lookUp`) or are already chosen (`chosen`),
 * so a new household is found by its id and a chosen one keeps its name.
 */
function useCompanyUsers(chosen: string) {
  const [typed, setTyped] = useState('');
  const userId = /^\d{12}$/.test(typed) ? typed : chosen;
  const users = useResource(['companyUsers', userId], () => call('companyUsers', { query: { userId: userId || undefined } }));
  return { options: (users.data ?? []).map((user) => ({ value: user.userId, label: user.name })), lookUp: (text: string) => setTyped(text.trim()) };
}

/** R2: the company encodes for its worker, exceptionally, saying why; the worker and the household picked by name (issue 11). */
export function CompanyEncode() {
  const { t } = useTranslation();
  const [fields, setFields] = useState({ workerId: '', userId: '', serviceDate: brusselsToday(), hours: '4', activity: 'HOUSEHOLD_HELP', reason: '' });
  const workers = useResource(['companyWorkers'], () => call('companyWorkers'));
  const users = useCompanyUsers(fields.userId);
  const [message, setMessage] = useState<FormOutcome & { id?: string }>();
  const encoding = useNewPrestation();
  const set = (name: keyof typeof fields) => (value: string) => {
    encoding.edited();
    setFields({ ...fields, [name]: value });
  };
  return (
    <div>
      <h1>{t('company.encodeTitle')}</h1>
      <p>{t('company.encodeHelp')}</p>
      <FormOutcomeNotice outcome={message}>{message?.id && <Link to={`/company/prestations/${message.id}`}>{t('company.open')}</Link>}</FormOutcomeNotice>
      <form
        className="card stack"
        onSubmit={(event) => {
          event.preventDefault();
          encoding
            .submit((prestationId, idempotencyKey) => call('companyEncode', { idempotencyKey, body: { ...fields, prestationId, hours: Number(fields.hours), activity: optionOf(activities, fields.activity) } }))
            .then(
              (prestationId) => prestationId && setMessage({ tone: 'success', done: 'company.encoded', id: prestationId }),
              (error: unknown) => setMessage({ tone: 'error', error }),
            );
        }}
      >
        <div className="row">
          <Field
            kind="combobox"
            label={t('fields.worker')}
            hint={t('company.workerHint')}
            name="workerId"
            value={fields.workerId}
            onChange={set('workerId')}
            options={(workers.data ?? []).map((worker) => ({ value: worker.workerId, label: worker.name }))}
            emptyText={t('company.noMatch')}
            required
          />
          <Field kind="combobox" label={t('fields.user')} hint={t('company.userHint')} name="userId" value={fields.userId} onChange={set('userId')} options={users.options} onInputChange={users.lookUp} emptyText={t('company.noMatch')} required />
        </div>
        <div className="row">
          <Field kind="date" label={t('fields.serviceDate')} name="serviceDate" value={fields.serviceDate} onChange={set('serviceDate')} required />
          <Field kind="number" label={t('fields.hours')} name="hours" value={fields.hours} onChange={set('hours')} min={1} max={9} required />
          <Field kind="select" label={t('fields.activity')} name="activity" value={fields.activity} onChange={set('activity')} options={activities.map((a) => ({ value: a, label: t(`activities.${a}`) }))} />
        </div>
        <Field kind="textarea" label={t('fields.reason')} name="reason" value={fields.reason} onChange={set('reason')} required />
        <Button type="submit" busy={encoding.submitting} onClick={() => setMessage(undefined)}>
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
  const workers = useResource(['companyWorkers'], () => call('companyWorkers'));
  const [workerId, setWorkerId] = useState('');
  const [email, setEmail] = useState('');
  const form = useFormSend();
  return (
    <div>
      <h1>{t('company.workersTitle')}</h1>
      <p>{t('company.workersHelp')}</p>
      <FormOutcomeNotice outcome={form.outcome} />
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
          form.send(
            () => call('companyWorkerEmail', { parameters: { workerId }, body: { email } }),
            () => {
              setTimeout(workers.reload, 500);
              return { tone: 'success', done: 'app.saved' };
            },
          );
        }}
      >
        <Field kind="select" label={t('fields.worker')} value={workerId} onChange={setWorkerId} required options={[{ value: '', label: '—' }, ...(workers.data ?? []).filter((worker) => !worker.setByWorker).map((worker) => ({ value: worker.workerId, label: `${worker.name} (${worker.workerId})` }))]} />
        <Field kind="email" label={t('fields.email')} value={email} onChange={setEmail} required />
        <Button type="submit" busy={form.busy}>
          {t('app.save')}
        </Button>
      </form>
    </div>
  );
}

/** Consecutive weeks that have a value, as the points of one line each: a week without one is a gap, never a 0. */
const segmentsOf = (values: readonly (number | null)[]) => {
  const segments: { x: number; y: number }[][] = [];
  let current: { x: number; y: number }[] = [];
  values.forEach((value, x) => {
    if (value === null) current = [];
    else {
      if (current.length === 0) segments.push(current);
      current.push({ x, y: value });
    }
  });
  return segments;
};

/**
 * R15: the share of prestations the company encoded itself, week by week beside the platform's, so
 * it sees whether it stays exceptional. The headline is the sum of the 12 weeks shown (so it
 * matches them), the figure since the start beside it; a week without prestations shows no bar
 * and "no prestation", never 0 %.
 */
export function CompanyShare() {
  const { t } = useTranslation();
  const language = useLanguage();
  const share = useResource(['companyShare'], () => call('companyShare'));
  const weeks = useResource(['companyShareWeeks'], () => call('companyShareWeeks'));
  const percent = (value: number) => formatPercent(value, language);
  const height = 120;
  const data = weeks.data ?? [];
  const top = Math.max(0.05, ...data.flatMap((week) => [week.share ?? 0, week.platformShare ?? 0]));
  const y = (value: number) => height - (value / top) * height;
  const total = data.reduce((sum, week) => sum + week.total, 0);
  const encodedByCompany = data.reduce((sum, week) => sum + week.encodedByCompany, 0);
  return (
    <div>
      <h1>{t('company.shareTitle')}</h1>
      <ResourceState resource={weeks} />
      {weeks.data && (
        <div className="card">
          <p data-share="weeks">{total === 0 ? t('company.noPrestation') : t('company.shareWeeksText', { share: percent(encodedByCompany / total), total })}</p>
          {share.data && share.data.total > 0 && (
            <p className="muted" data-share="all">
              {t('company.shareAllText', { share: percent(share.data.share), total: share.data.total })}
            </p>
          )}
        </div>
      )}
      {weeks.data && (
        <section className="card" aria-labelledby="chart-title">
          <h2 id="chart-title">{t('company.chartTitle')}</h2>
          <svg className="chart" viewBox={`0 -3 ${data.length * 30} ${height + 5}`} role="img" aria-labelledby="chart-title" preserveAspectRatio="none">
            {data.map((week, i) =>
              week.share === null ? (
                <rect key={week.week} className="gap" x={i * 30 + 6} width={18} y={height - 2} height={2} data-week={week.week}>
                  <title>{`${t('company.week')} ${formatDate(week.week, language, 'medium')}: ${t('company.noPrestation')}`}</title>
                </rect>
              ) : (
                <rect key={week.week} className="bar" x={i * 30 + 6} width={18} y={y(week.share)} height={height - y(week.share)} data-week={week.week}>
                  <title>{`${t('company.week')} ${formatDate(week.week, language, 'medium')}: ${percent(week.share)}`}</title>
                </rect>
              ),
            )}
            {segmentsOf(data.map((week) => week.platformShare)).map((points) =>
              points.length === 1 ? (
                points.map((point) => <line key={point.x} className="average" x1={point.x * 30 + 6} x2={point.x * 30 + 24} y1={y(point.y)} y2={y(point.y)} />)
              ) : (
                <polyline key={points.map((point) => point.x).join()} className="average" fill="none" points={points.map((point) => `${point.x * 30 + 15},${y(point.y)}`).join(' ')} />
              ),
            )}
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
              {data.map((week) => (
                <tr key={week.week} data-week={week.week}>
                  <td>{formatDate(week.week, language, 'medium')}</td>
                  <td>
                    {week.share === null ? (
                      <span className="muted">{t('company.noPrestation')}</span>
                    ) : (
                      <>
                        {percent(week.share)} <span className="muted">({week.encodedByCompany}/{week.total})</span>
                      </>
                    )}
                  </td>
                  <td>{week.platformShare === null ? <span className="muted">{t('company.noPrestation')}</span> : percent(week.platformShare)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      )}
      <ShareExplanation />
    </div>
  );
}
