import { Fragment, lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgreementsView } from './agreements/AgreementsView.js';
import { apiGet, nationOf } from './api/client.js';
import type { Nation, SessionInfo } from './api/types.js';
import { CrisisRoom } from './crisis/CrisisRoom.js';
import { defaultLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from './i18n/index.js';
import { MaritimeView } from './maritime/MaritimeView.js';
import { MissileView } from './missile/MissileView.js';
import { ReplayBar } from './replay/ReplayBar.js';
import { SessionContext } from './session/SessionContext.js';
import { signOut, storedToken, takeSignInLink } from './session/session.js';
import { VIEWS, type View, viewOfHash } from './views.js';

// The scorecard and its charts (ECharts) load when first opened: the picture does not wait for them.
const ScorecardView = lazy(() =>
  import('./scorecard/ScorecardView.js').then((m) => ({ default: m.ScorecardView })),
);

type Session =
  | { readonly kind: 'signing-in'; readonly token: string }
  | { readonly kind: 'signed-in'; readonly token: string; readonly nation: Nation }
  | { readonly kind: 'signed-out'; readonly why: 'no-token' | 'bad-token' | 'signed-out' }
  | { readonly kind: 'unreachable'; readonly message: string };

function initialSession(): Session {
  takeSignInLink();
  const token = storedToken();
  return token ? { kind: 'signing-in', token } : { kind: 'signed-out', why: 'no-token' };
}

/** The console: sign-in from the link, then the nation's missile picture. */
export function App() {
  const { t, i18n } = useTranslation();
  const [session, setSession] = useState<Session>(initialSession);
  const [view, setView] = useState<View>(() => viewOfHash(location.hash));
  const [role, setRole] = useState<SessionInfo['role']>('operator');
  // The embedded network's run: a backward seek or a switch re-runs it, and the views are made anew
  // (what they hold belongs to a run that is gone).
  const [epoch, setEpoch] = useState(0);
  const lastRun = useRef<number | undefined>(undefined);
  const onRun = useCallback((run: number) => {
    if (lastRun.current !== undefined && lastRun.current !== run) setEpoch((e) => e + 1);
    lastRun.current = run;
  }, []);

  // The view is in the address (`#/agreements`): the back button and a reload keep it. A new
  // sign-in link opened in this tab changes the hash too, without a reload.
  useEffect(() => {
    const onHash = () => {
      setView(viewOfHash(location.hash));
      if (!location.hash.startsWith('#/sign-in/')) return;
      takeSignInLink();
      const token = storedToken();
      if (token) setSession({ kind: 'signing-in', token });
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (session.kind !== 'signing-in') return;
    let alive = true;
    nationOf(session.token)
      .then((nation) => {
        if (!alive) return;
        if (!nation) return setSession({ kind: 'signed-out', why: 'bad-token' });
        void i18n.changeLanguage(defaultLanguage(nation));
        setSession({ kind: 'signed-in', token: session.token, nation });
      })
      .catch((err: unknown) => alive && setSession({ kind: 'unreachable', message: String(err) }));
    return () => {
      alive = false;
    };
  }, [session, i18n]);

  // The role only decides which controls are shown: the node checks it on every request.
  useEffect(() => {
    if (session.kind !== 'signed-in') return;
    let alive = true;
    setRole('operator');
    apiGet<SessionInfo>(`/api/${session.nation}/session`, session.token).then(
      (s) => alive && setRole(s.role),
      () => {},
    );
    return () => {
      alive = false;
    };
  }, [session]);

  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = t('app.title');
  });

  const nation = session.kind === 'signed-in' ? session.nation : undefined;
  const token = session.kind === 'signed-in' ? session.token : undefined;
  // One value per session, so the views below do not re-read what depends on it at every render.
  const signedIn = useMemo(() => (nation && token ? { nation, token } : undefined), [nation, token]);
  return (
    <div className="app">
      <header>
        <h1>{t('app.title')}</h1>
        {nation ? (
          <span className="who" data-testid="who">
            {t(role === 'administrator' ? 'session.signedInAsAdministrator' : 'session.signedInAs', {
              nation,
            })}{' '}
            — {t(`nation.${nation}`)}
          </span>
        ) : null}
        <label className="language">
          {t('session.language')}{' '}
          <select
            value={i18n.language}
            onChange={(e) => void i18n.changeLanguage(e.target.value as Language)}
            data-testid="language"
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        {session.kind === 'signed-in' || session.kind === 'signing-in' ? (
          <button
            type="button"
            onClick={() => {
              signOut();
              setRole('operator');
              setSession({ kind: 'signed-out', why: 'signed-out' });
            }}
          >
            {t('session.signOut')}
          </button>
        ) : null}
      </header>
      <main>
        {session.kind === 'signing-in' ? <p className="state">{t('session.signingIn')}</p> : null}
        {session.kind === 'signed-out' ? (
          <p className="state" data-testid="signed-out">
            {t(
              session.why === 'no-token'
                ? 'session.noToken'
                : session.why === 'bad-token'
                  ? 'session.badToken'
                  : 'session.signedOut',
            )}
          </p>
        ) : null}
        {session.kind === 'unreachable' ? (
          <p className="state error">{t('session.unreachable', { message: session.message })}</p>
        ) : null}
        {session.kind === 'signed-in' ? (
          <SessionContext.Provider value={signedIn}>
            <nav className="views" aria-label={t('views.label')}>
              {VIEWS.map((v) => (
                <a
                  key={v}
                  href={`#/${v}`}
                  className="view-tab"
                  aria-current={view === v ? 'page' : undefined}
                  data-testid={`view-${v}`}
                >
                  {t(`views.${v}`)}
                </a>
              ))}
            </nav>
            <ReplayBar nation={session.nation} token={session.token} onRun={onRun} />
            <Fragment key={epoch}>
              {view === 'missile' ? <MissileView nation={session.nation} token={session.token} /> : null}
              {view === 'maritime' ? <MaritimeView nation={session.nation} token={session.token} /> : null}
              {view === 'agreements' ? (
                <AgreementsView nation={session.nation} token={session.token} />
              ) : null}
              {view === 'scorecard' ? (
                <Suspense fallback={<p className="state">{t('scorecard.loading')}</p>}>
                  <ScorecardView
                    nation={session.nation}
                    token={session.token}
                    administrator={role === 'administrator'}
                  />
                </Suspense>
              ) : null}
              {view === 'crisis' ? <CrisisRoom nation={session.nation} token={session.token} /> : null}
            </Fragment>
          </SessionContext.Provider>
        ) : null}
      </main>
    </div>
  );
}
