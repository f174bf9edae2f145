import { type ComponentType, lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { areaOf, currentSession, sessionEnded } from '../auth/session';
import { prestationIdPattern } from '@prestaflow/contracts/schema';
import { Link, Notice } from '../design/components';
import { Layout } from './layout';
import { here, match, navigate, useLocation } from './router';

const prestationId = new RegExp(prestationIdPattern);

/**
 * A screen loaded with its area's code only when first shown: a worker's phone downloads and
 * runs neither the company portal nor the user space (issue 11, the worker app's first load).
 */
function lazyScreen<Props extends object>(load: () => Promise<ComponentType<Props>>) {
  return lazy(async () => ({ default: await load() }));
}
const login = () => import('../auth/login');
const company = () => import('../company/company');
const user = () => import('../user/user');
const worker = () => import('../worker/worker');
const operator = () => import('../operator/operator');
const Login = lazyScreen(() => login().then((area) => area.Login));
const LoginCallback = lazyScreen(() => login().then((area) => area.LoginCallback));
const CompanyEncode = lazyScreen(() => company().then((area) => area.CompanyEncode));
const CompanyPrestation = lazyScreen(() => company().then((area) => area.CompanyPrestation));
const CompanyPrestations = lazyScreen(() => company().then((area) => area.CompanyPrestations));
const CompanyShare = lazyScreen(() => company().then((area) => area.CompanyShare));
const CompanyWorkers = lazyScreen(() => company().then((area) => area.CompanyWorkers));
const UserAbsences = lazyScreen(() => user().then((area) => area.UserAbsences));
const UserPrestations = lazyScreen(() => user().then((area) => area.UserPrestations));
const WorkerDashboard = lazyScreen(() => worker().then((area) => area.WorkerDashboard));
const WorkerEncode = lazyScreen(() => worker().then((area) => area.WorkerEncode));
const WorkerHistoryScreen = lazyScreen(() => worker().then((area) => area.WorkerHistoryScreen));
const WorkerProfile = lazyScreen(() => worker().then((area) => area.WorkerProfile));
const OperatorShares = lazyScreen(() => operator().then((area) => area.OperatorShares));
const OperatorPrestation = lazyScreen(() => operator().then((area) => area.OperatorPrestation));
const OperatorImport = lazyScreen(() => operator().then((area) => area.OperatorImport));

/**
 * The four areas (companies, workers, users, operators) and their screens. A screen of an area needs a session of that role: without
 * one (or once it expired) the person goes to login, and comes back to the same screen after.
 * The e-mails' links land on /app/<area>/prestations/<id> (notification templates).
 */
export function App() {
  const { t } = useTranslation();
  const { path, search } = useLocation();
  const session = currentSession();
  const area = areaOf(path);
  const allowed = area && session?.role === area;

  useEffect(() => {
    if (path === '/' || path === '') navigate(session ? `/${session.role}` : '/login', { replace: true });
    else if (area && !allowed) navigate(`/login?next=${encodeURIComponent(here())}`, { replace: true });
  }, [path, area, allowed, session]);

  // Expiry sends the person back to login, keeping what they were doing.
  useEffect(() => {
    if (!session || session.expiresAt > Date.now() + 2 ** 31) return;
    const timer = setTimeout(sessionEnded, Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [session]);

  let screen: React.ReactNode = null;
  // The tab's title where no navigation item names the screen (newcomer trial: a prestation and an unknown address had a list's title).
  let title: string | undefined;
  let params: Record<string, string> | null;
  if (path === '/login') screen = <Login />;
  else if (path === '/login/callback') screen = <LoginCallback />;
  else if (allowed && session) {
    if (path === '/worker') screen = <WorkerDashboard session={session} />;
    else if ((params = match('/worker/prestations/:id', path))) screen = <WorkerDashboard session={session} focus={params['id']} />;
    else if (path === '/worker/encode') screen = <WorkerEncode />;
    else if (path === '/worker/history') screen = <WorkerHistoryScreen session={session} />;
    else if (path === '/worker/profile') screen = <WorkerProfile />;
    else if (path === '/user') screen = <UserPrestations session={session} />;
    else if ((params = match('/user/prestations/:id', path))) screen = <UserPrestations session={session} focus={params['id']} />;
    else if (path === '/user/absences') screen = <UserAbsences />;
    else if (path === '/company') screen = <CompanyPrestations search={search} />;
    else if ((params = match('/company/prestations/:id', path))) {
      const id = params['id'] as string;
      // A link cut short (an e-mail's) is said as such, not asked and refused as "not valid" with a Retry (third newcomer trial).
      screen = prestationId.test(id) ? (
        <CompanyPrestation key={id} id={id} />
      ) : (
        <>
          <h1>{t('company.prestationTitle')}</h1>
          <Notice tone="warning">{t('company.linkUnknown')}</Notice>
        </>
      );
      title = 'company.prestationTitle';
    }
    else if (path === '/company/encode') screen = <CompanyEncode />;
    else if (path === '/company/workers') screen = <CompanyWorkers />;
    else if (path === '/company/share') screen = <CompanyShare />;
    else if (path === '/operator') screen = <OperatorShares />;
    else if (path === '/operator/prestations') screen = <OperatorPrestation />;
    else if ((params = match('/operator/prestations/:id', path))) screen = <OperatorPrestation key={params['id']} id={params['id']} />;
    else if (path === '/operator/reference-data') screen = <OperatorImport />;
  }
  // An area's unknown screen, or no area at all (an area's screen without its session goes to login instead;
  // the root goes to the person's area or login, without a "not found" title meanwhile).
  if (!screen && (allowed || !area) && path !== '/' && path !== '') {
    // With a way on: the start page is the person's area, or login (newcomer trial: a dead end).
    screen = (
      <>
        <p>{t('app.notFound')}</p>
        <p>
          <Link to="/">{t('app.toStart')}</Link>
        </p>
      </>
    );
    title = 'app.notFoundTitle';
  }

  return (
    <Layout session={allowed ? session : null} title={title}>
      <Suspense fallback={<p role="status">{t('app.loading')}</p>}>{screen}</Suspense>
    </Layout>
  );
}
