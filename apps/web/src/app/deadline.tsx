import { useTranslation } from 'react-i18next';
import { brusselsDay, formatInstantLong } from '../i18n/format';
import { useLanguage } from './shared';

/**
 * R6, R16, one component for the worker's card and the company's table and detail: a deadline (the
 * worker's, or the company's own for a prestation its worker encoded) as a Brussels date and time, the working days left (the platform calendar's, libs/calendar, as
 * the API lists them in `workingDaysLeft`: those after today up to the deadline's day) and what
 * happens then: automatic validation, told to whoever reads it (`reader`; `ownCompany`: the
 * company about its own deadline). `compact` (a table
 * cell) shows only "N working days", the Brussels date in the element's title. Counting the listed
 * days after this device's today keeps a list shown offline right the days after.
 */
export function Deadline({
  at,
  workingDays,
  reader,
  compact = false,
  now = new Date(),
}: {
  at: string;
  workingDays: readonly string[] | undefined;
  reader: 'worker' | 'company' | 'ownCompany';
  compact?: boolean;
  now?: Date;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const today = brusselsDay(now);
  // A list this device kept (offline) from before the API gave the days has none: no count then, rather than a wrong one.
  const left = workingDays?.filter((day) => day > today).length;
  const when = t('deadline.at', { date: formatInstantLong(at, language) });
  const count = compact ? 'deadline.workingDays' : 'deadline.workingDaysLeft';
  const remaining =
    new Date(at) < now ? t('time.overdue') : brusselsDay(at) === today ? t(compact ? 'deadline.today' : 'deadline.lastDay') : left === undefined ? null : t(count, { count: left });
  if (compact) {
    return (
      <time dateTime={at} title={when} data-working-days-left={left}>
        {remaining ?? when}
      </time>
    );
  }
  return (
    <>
      <time dateTime={at}>{when}</time>
      <br />
      {remaining && (
        <>
          <strong data-working-days-left={left}>{remaining}</strong>
          <br />
        </>
      )}
      <span className="muted" data-automatic-validation>
        {t(`deadline.automatic.${reader}`, { date: formatInstantLong(at, language) })}
      </span>
    </>
  );
}
