import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Link, Notice } from '../design/components';
import { useUpdateReady } from './app-update';
import { isLanguage, languageNames, languages, setLanguage } from '../i18n/i18n';
import { endSession, type Role, type Session } from '../auth/session';
import { navigate, useLocation } from './router';
import { endDevicePush } from './device-push';
import { forgetPerson } from './use-draft';
import { queryClient } from './use-resource';

const areaNav: Record<Role, readonly { to: string; key: string }[]> = {
  worker: [
    { to: '/worker', key: 'worker.nav.dashboard' },
    { to: '/worker/encode', key: 'worker.nav.encode' },
    { to: '/worker/history', key: 'worker.nav.history' },
    { to: '/worker/profile', key: 'worker.nav.profile' },
  ],
  user: [
    { to: '/user', key: 'user.nav.prestations' },
    { to: '/user/absences', key: 'user.nav.absences' },
  ],
  company: [
    { to: '/company', key: 'company.nav.prestations' },
    { to: '/company/encode', key: 'company.nav.encode' },
    { to: '/company/workers', key: 'company.nav.workers' },
    { to: '/company/share', key: 'company.nav.share' },
  ],
  operator: [
    { to: '/operator', key: 'operator.nav.shares' },
    { to: '/operator/prestations', key: 'operator.nav.prestation' },
    { to: '/operator/reference-data', key: 'operator.nav.referenceData' },
  ],
};

/** Whether a navigation item is the page shown: its own path, or one below it (a prestation of the list). */
const isCurrent = (role: Role, item: { to: string }, path: string) => path === item.to || (item.to !== `/${role}` && path.startsWith(item.to));

/**
 * Every screen's frame: skip link, the area's navigation, language switch, log out, main landmark, the
 * page's title: `title` (a message key) where given, else the navigation item of the screen.
 */
export function Layout({ session, title: titleKey, children }: { session: Session | null; title?: string | undefined; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { path } = useLocation();
  const updateReady = useUpdateReady();
  // Each screen its own title, in the language shown (the tab, the history, a screen reader's first words): the
  // screen's navigation item, then the area (newcomer trial: every page was "Prestaflow").
  const screen = session && (areaNav[session.role].find((item) => item.to !== `/${session.role}` && isCurrent(session.role, item, path)) ?? areaNav[session.role][0]);
  // Dashes, not the middle dot that French writes inside words ("Travailleur·euses").
  const title = (session && screen ? [t(titleKey ?? screen.key), t(`areas.${session.role}`), t('app.name')] : [t(titleKey ?? 'login.title'), t('app.name')]).join(' – ');
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="header">
        <div className="header-inner">
          <div className="brand-block">
            <Link to={session ? `/${session.role}` : '/'} className="brand">
              {t('app.name')}
              {session && <span className="brand-area">{t(`areas.${session.role}`)}</span>}
            </Link>
            {/* On a phone only, under the link (not part of its name), in place of the area; read once, from the tools' name (.who). */}
            {session && (
              <span className="brand-who" aria-hidden="true" title={session.name}>
                {session.name}
              </span>
            )}
          </div>
          {session && (
            <nav aria-label={t(`areas.${session.role}`)}>
              <ul>
                {areaNav[session.role].map((item) => (
                  <li key={item.to}>
                    <Link to={item.to} current={isCurrent(session.role, item, path)}>
                      {t(item.key)}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div className="header-tools">
            <label htmlFor="language">{t('app.language')}</label>
            <select id="language" value={i18n.language} onChange={(event) => isLanguage(event.target.value) && void setLanguage(event.target.value)}>
              {languages.map((language) => (
                <option key={language} value={language} lang={language}>
                  {languageNames[language]}
                </option>
              ))}
            </select>
            {session && (
              <>
                <span className="who" title={session.name}>
                  {session.name}
                </span>
                <Button
                  variant="secondary"
                  onClick={() => {
                    endSession();
                    forgetPerson(session);
                    // Nor their notifications on this device; not awaited: logging out does not wait for the service worker.
                    void endDevicePush();
                    // Nor in this tab's memory: the answers fetched for the person go with them.
                    queryClient.clear();
                    navigate('/login');
                  }}
                >
                  {t('app.logout')}
                </Button>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {updateReady && (
          <Notice tone="success">
            <div className="offer">
              <span>{t('app.updateReady')}</span>
              <Button variant="secondary" onClick={() => location.reload()}>
                {t('app.reload')}
              </Button>
            </div>
          </Notice>
        )}
        {children}
      </main>
    </>
  );
}
