import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { prestationIdPattern } from '@prestaflow/contracts/schema';
import { call } from '../api/client';
import { Button, Field, FileField, Notice, Table } from '../design/components';
import { formatPercent } from '../i18n/format';
import { AuditTimeline, FormOutcomeNotice, optionOf, ResourceState, useFormSend, useLanguage } from '../app/shared';
import { navigate } from '../app/router';
import { useResource } from '../app/use-resource';

/**
 * R15 for operators: every company's share of the prestations it encoded itself instead of its
 * workers (GET /operator/shares), highest first, with the share of all companies together.
 */
export function OperatorShares() {
  const { t } = useTranslation();
  const language = useLanguage();
  const shares = useResource(['operatorShares'], () => call('operatorShares'));
  const rows = [...(shares.data ?? [])].sort((a, b) => b.share - a.share || a.companyId.localeCompare(b.companyId));
  const total = rows.reduce((sum, row) => sum + row.total, 0);
  const encodedByCompany = rows.reduce((sum, row) => sum + row.encodedByCompany, 0);
  return (
    <div>
      <h1>{t('operator.sharesTitle')}</h1>
      <p>{t('operator.sharesHelp')}</p>
      <ResourceState resource={shares} />
      {shares.data && total === 0 && <p>{t('operator.noPrestation')}</p>}
      {total > 0 && (
        <>
          <p className="card" data-share="platform">
            {t('operator.platform', { share: formatPercent(encodedByCompany / total, language), total })}
          </p>
          <Table caption={t('operator.sharesTitle')}>
            <thead>
              <tr>
                <th>{t('operator.company')}</th>
                <th>{t('operator.share')}</th>
                <th>{t('operator.encodedByCompany')}</th>
                <th>{t('operator.total')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.companyId} data-company={row.companyId}>
                  <td>
                    {row.companyName ?? <span className="muted">{t('operator.unnamed')}</span>} <span className="muted">({row.companyId})</span>
                  </td>
                  <td>{formatPercent(row.share, language)}</td>
                  <td>{row.encodedByCompany}</td>
                  <td>{row.total}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </div>
  );
}

// A prestation id as the API checks it: a malformed one is told before asking (second newcomer trial).
const prestationId = new RegExp(prestationIdPattern);

/**
 * Any prestation's audit trail for operators (GET /operator/prestations/{id}/audit): its id typed
 * or pasted, then every event, when and by whom. An unknown id is the API's 404.
 */
export function OperatorPrestation({ id }: { id?: string | undefined }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState(id ?? '');
  // An address typed by hand is checked as the form checks (newcomer trial: a vague refusal and a Retry that could not help).
  const [notAnId, setNotAnId] = useState(id !== undefined && !prestationId.test(id));
  return (
    <div>
      <h1>{t('operator.lookupTitle')}</h1>
      <form
        className="card row"
        onSubmit={(event) => {
          event.preventDefault();
          // A copied id may bring spaces, inside it too.
          const wanted = typed.replace(/\s/g, '');
          const valid = prestationId.test(wanted);
          setNotAnId(!valid);
          if (valid) navigate(`/operator/prestations/${wanted}`);
        }}
      >
        <Field label={t('operator.prestationId')} hint={t('operator.lookupHelp')} value={typed} onChange={setTyped} required />
        <Button type="submit">{t('operator.show')}</Button>
      </form>
      {notAnId && <Notice tone="error">{t('operator.notAnId')}</Notice>}
      {id && !notAnId && <Trail id={id} />}
    </div>
  );
}

function Trail({ id }: { id: string }) {
  const { t } = useTranslation();
  const trail = useResource(['audit', 'operator', id], () => call('audit', { parameters: { portal: 'operator', id } }));
  return (
    <section className="card" aria-labelledby="trail-title">
      <h2 id="trail-title">{t('operator.historyOf', { id })}</h2>
      <ResourceState resource={trail} />
      {trail.data && <AuditTimeline trail={trail.data} />}
    </section>
  );
}

const kinds = ['companies', 'workers', 'users'] as const;
// The gateway reads request bodies of up to 100 kB (body-parser's default, libs/platform start-service.ts): a larger
// file would be a 413, so it is said before it is sent (second newcomer trial: "Something went wrong").
const bodyLimitBytes = 100 * 1024;
type Kind = (typeof kinds)[number];

/** A file the gateway would refuse as too large, found before sending it. */
class TooLarge extends Error {}

/**
 * Reference data from a CSV file (POST /operator/reference-data/{kind}): all its lines or none;
 * a refusal lists the problems by line (the API's, in English, for whoever fixes the file).
 */
export function OperatorImport() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('workers');
  const [file, setFile] = useState<File>();
  const form = useFormSend();
  return (
    <div>
      <h1>{t('operator.importTitle')}</h1>
      <p>{t('operator.importHelp')}</p>
      <FormOutcomeNotice outcome={form.outcome} />
      <form
        className="card stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (!file) return;
          form.send(
            async () => {
              const csv = await file.text();
              if (new TextEncoder().encode(JSON.stringify({ csv })).length > bodyLimitBytes) throw new TooLarge();
              return call('operatorImport', { parameters: { kind }, body: { csv } });
            },
            (answer) => ({ tone: 'success', done: 'operator.imported', values: { count: answer.imported } }),
            (error) => (error instanceof TooLarge ? { tone: 'warning', done: 'operator.tooLarge', values: { max: bodyLimitBytes / 1024 } } : { tone: 'error', error }),
          );
        }}
      >
        <Field kind="select" label={t('operator.kind')} value={kind} onChange={(value) => setKind(optionOf(kinds, value))} options={kinds.map((value) => ({ value, label: t(`operator.kinds.${value}`) }))} />
        <FileField label={t('operator.file')} accept=".csv,text/csv" onFile={setFile} required />
        <p>
          <Button type="submit" busy={form.busy}>
            {t('operator.import')}
          </Button>
        </p>
      </form>
    </div>
  );
}
