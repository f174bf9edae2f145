import { useTranslation } from 'react-i18next';
import { brusselsDay, formatInstantLong } from '../i18n/format';
import { useLanguage } from '../app/shared';

/**
 * R6 on the worker's card: the deadline as a Brussels date and time, the working days left (the
 * platform calendar's, libs/calendar, as the API lists them in `workingDaysLeft`: those after
 * today up to the deadline's day) and what happens then: automatic validation. Counting the
 * listed days after this device's today keeps a list shown offline right the days after.
 */
export function WorkerDeadline({ at, workingDays, now = new Date() }: { at: string; workingDays: readonly string[] | undefined; now?: Date }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const today = brusselsDay(now);
  // A list this device kept (offline) from before the API gave the days has none: no count then, rather than a wrong one.
  const left = workingDays?.filter((day) => day > today).length;
  const when = formatInstantLong(at, language);
  const remaining =
    new Date(at) < now ? t('time.overdue') : brusselsDay(at) === today ? t('worker.deadline.lastDay') : left === undefined ? null : t('worker.deadline.workingDaysLeft', { count: left });
  return (
    <>
      <time dateTime={at}>{t('worker.deadline.at', { date: when })}</time>
      <br />
      {remaining && (
        <>
          <strong data-working-days-left={left}>{remaining}</strong>
          <br />
        </>
      )}
      <span className="muted" data-automatic-validation>
        {t('worker.deadline.automatic', { date: when })}
      </span>
    </>
  );
}
