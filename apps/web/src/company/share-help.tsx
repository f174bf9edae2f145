import { useTranslation } from 'react-i18next';
import { Link } from '../design/components';

/**
 * R15, R2: how the share is counted and what to do when it is high, in words that say exactly
 * what the code counts: GET /company/share/weeks groups the company's prestations by the
 * Brussels week (Monday to Sunday) of their first encoding (`encoded_at`, which a correction
 * does not move), cancelled ones included, as GET /company/share does since the start; "yours"
 * are those encoded by the company (`encoded_by`, which a correction keeps); the platform's
 * share is the same over every company's prestations encoded that week.
 */
export function ShareExplanation() {
  const { t } = useTranslation();
  return (
    <>
      <section className="card" aria-labelledby="share-how" data-share-help="how">
        <h2 id="share-how">{t('company.shareHow.title')}</h2>
        <ul>
          <li>{t('company.shareHow.weeks')}</li>
          <li>{t('company.shareHow.counted')}</li>
          <li>{t('company.shareHow.average')}</li>
        </ul>
      </section>
      <section className="card" aria-labelledby="share-high" data-share-help="high">
        <h2 id="share-high">{t('company.shareHigh.title')}</h2>
        <ul>
          <li>{t('company.shareHigh.exceptional')}</li>
          <li>{t('company.shareHigh.workersEncode')}</li>
          <li>
            {t('company.shareHigh.emails')} <Link to="/company/workers">{t('company.shareHigh.emailsLink')}</Link>
          </li>
        </ul>
      </section>
    </>
  );
}
