import { useTranslation } from 'react-i18next';
import { type PrestationFacts } from '../api/types';
import { Button, Notice } from '../design/components';
import { formatDate, formatInstant, formatTimeLeft, zone } from '../i18n/format';
import { type Language } from '../i18n/i18n';
import { type Resource } from './use-resource';

/** The activities a prestation may be (libs/contracts `activities`), in the order of the notice. */
export const activities = ['HOUSEHOLD_HELP', 'SHOPPING', 'IRONING', 'TRANSPORT_REDUCED_MOBILITY'] as const;

/** Today in Brussels, YYYY-MM-DD: the default service date of a new prestation. */
export const brusselsToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());

export const useLanguage = () => useTranslation().i18n.language as Language;

/** Loading, error (with retry) and the offline mark of a resource; nothing once plainly loaded. */
export function ResourceState({ resource }: { resource: Resource<unknown> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (resource.loading && resource.data === undefined) return <p role="status">{t('app.loading')}</p>;
  if (resource.error)
    return (
      <Notice tone="error">
        {t('app.error', { message: resource.error.message })} <Button variant="secondary" onClick={resource.reload}>{t('app.retry')}</Button>
      </Notice>
    );
  if (resource.savedAt) return <Notice tone="warning">{t('app.offline', { time: formatInstant(resource.savedAt, language) })}</Notice>;
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

/** A deadline as a Brussels date and time, with the time left (R6, R10). */
export function Deadline({ at }: { at: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const left = formatTimeLeft(at, new Date(), language);
  return (
    <>
      <time dateTime={at}>{formatInstant(at, language)}</time> <span className="muted">({left ? t('time.left', { time: left }) : t('time.overdue')})</span>
    </>
  );
}
