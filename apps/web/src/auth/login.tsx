import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { type Person } from '../api/types';
import { Button, Notice } from '../design/components';
import { type Language, languageNames, languages, setLanguage } from '../i18n/i18n';
import { navigate, useLocation } from '../app/router';
import { useResource } from '../app/use-resource';
import { ErrorNotice, ResourceState } from '../app/shared';
import { webConfig } from './config';
import { completeSignIn, signInWithProvider } from './oidc';
import { areaOf, areaRoles, currentSession, type Role, startSession } from './session';

/** Where a login goes when nothing was asked for, or what was asked for is another area's. */
const nextFor = (role: Role, next: string | null) => (next && next.startsWith(`/${role}`) ? next : `/${role}`);

/**
 * Login. In development the gateway's own issuer signs a token for a person picked from the
 * reference data (POST /auth/dev-tokens); in production the identity provider (OIDC code + PKCE).
 */
export function Login() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const next = search.get('next');
  const config = useResource(['webConfig'], webConfig);
  const people = useResource(['devPeople', config.data?.devLogin], () => (config.data?.devLogin ? call('devPeople') : Promise.resolve(null)));
  const [error, setError] = useState<unknown>();
  const oidc = config.data?.oidc;
  const listed = people.data;
  // A link of another area than the session's (a household's e-mail opened where a worker is logged in): said, not just a login.
  const asked = areaOf(next ?? '');
  const session = currentSession();
  const otherArea = asked && session && session.role !== asked ? { area: t(`areas.${asked}`), current: t(`areas.${session.role}`) } : undefined;

  const logIn = async (role: Role, person: Person) => {
    setError(undefined);
    try {
      const { token } = await call('devToken', { body: { role, sub: person.id } });
      startSession(token, person.name);
      // The person's language from the reference data, unless one was chosen on this screen (newcomer trial: "English" pressed, then Dutch).
      if (!sessionStorage.getItem(chosenHere)) await setLanguage(person.language);
      sessionStorage.removeItem(chosenHere); // the next login on this tab starts from the person's own again
      navigate(nextFor(role, next), { replace: true });
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div className="stack">
      <h1>{t('login.title')}</h1>
      <LanguageChoice />
      {search.get('expired') && <Notice tone="warning">{t('login.expired')}</Notice>}
      {otherArea && <Notice tone="warning">{t('login.otherArea', otherArea)}</Notice>}
      {error !== undefined && <ErrorNotice error={error} />}
      {/* Without the gateway, said (and looked for again) rather than an empty page (newcomer trial: a new tab while it was down). */}
      <ResourceState resource={config} />
      {config.data?.devLogin && <ResourceState resource={people} />}
      {oidc && (
        <section className="card stack" aria-labelledby="sign-in-provider">
          <h2 id="sign-in-provider">{t('login.ssoTitle')}</h2>
          <p>{t('login.ssoHelp')}</p>
          <p>
            <Button onClick={() => void signInWithProvider(oidc, next ?? '/')}>{t('login.sso')}</Button>
          </p>
        </section>
      )}
      {config.data?.devLogin && (
        <>
          <p>{t('login.devIntro')}</p>
          {/* The development operator is always there: the reference data is loaded when someone else is (newcomer trial: never said). */}
          {listed && areaRoles.every((role) => role === 'operator' || listed[role].length === 0) && <Notice tone="warning">{t('login.noPeople')}</Notice>}
          <div className="row" style={{ alignItems: 'flex-start' }}>
            {listed &&
              areaRoles.map((role) => (
                <section key={role} className="card" aria-labelledby={`people-${role}`} style={{ flex: '1 1 16rem' }}>
                  <h2 id={`people-${role}`}>{t(`login.${role}`)}</h2>
                  <ul className="list stack">
                    {listed[role].map((person) => (
                      <li key={person.id}>
                        <Button variant="secondary" onClick={() => void logIn(role, person)}>
                          {person.name} <span className="muted">({person.id})</span>
                        </Button>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
          </div>
        </>
      )}
    </div>
  );
}

// Set in this tab once a language is pressed on the login screen: it then outlives that login.
const chosenHere = 'prestaflow.language.chosen';

/**
 * The four languages as buttons, each in its own language, on the login screen: a person who
 * does not read the browser's language (the default, i18n.ts) finds theirs before anything else,
 * and keeps it once logged in.
 */
function LanguageChoice() {
  const { t, i18n } = useTranslation();
  const choose = (language: Language) => {
    sessionStorage.setItem(chosenHere, language);
    void setLanguage(language);
  };
  return (
    <div className="row languages" role="group" aria-label={t('login.chooseLanguage')}>
      {languages.map((language) => (
        <Button key={language} variant="secondary" lang={language} aria-pressed={i18n.language === language} onClick={() => choose(language)}>
          {languageNames[language]}
        </Button>
      ))}
    </div>
  );
}

/** /app/login/callback: the identity provider sends the browser back here with a code. */
export function LoginCallback() {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    webConfig()
      .then((config) => {
        if (!config.oidc) throw new Error('no identity provider configured');
        return completeSignIn(config.oidc);
      })
      .then((next) => navigate(next, { replace: true }), setError);
  }, []);
  return error !== undefined ? <ErrorNotice error={error} /> : <p>{t('app.loading')}</p>;
}
