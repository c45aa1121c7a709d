import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { nationOf } from './api/client.js';
import type { Nation } from './api/types.js';
import { CrisisRoom } from './crisis/CrisisRoom.js';
import { defaultLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from './i18n/index.js';
import { MaritimeView } from './maritime/MaritimeView.js';
import { MissileView } from './missile/MissileView.js';
import { signOut, storedToken, takeSignInLink } from './session/session.js';

const VIEWS = ['missile', 'maritime', 'crisis'] as const;
type View = (typeof VIEWS)[number];

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
  const [view, setView] = useState<View>('missile');

  // A new sign-in link opened in this tab (the hash changes without a reload).
  useEffect(() => {
    const onHash = () => {
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

  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = t('app.title');
  });

  const nation = session.kind === 'signed-in' ? session.nation : undefined;
  return (
    <div className="app">
      <header>
        <h1>{t('app.title')}</h1>
        {nation ? (
          <span className="who" data-testid="who">
            {t('session.signedInAs', { nation })} — {t(`nation.${nation}`)}
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
          <>
            <nav className="views" aria-label={t('views.label')}>
              {VIEWS.map((v) => (
                <button
                  key={v}
                  type="button"
                  className="view-tab"
                  aria-pressed={view === v}
                  onClick={() => setView(v)}
                  data-testid={`view-${v}`}
                >
                  {t(`views.${v}`)}
                </button>
              ))}
            </nav>
            {view === 'missile' ? (
              <MissileView nation={session.nation} token={session.token} />
            ) : view === 'maritime' ? (
              <MaritimeView nation={session.nation} token={session.token} />
            ) : (
              <CrisisRoom nation={session.nation} token={session.token} />
            )}
          </>
        ) : null}
      </main>
    </div>
  );
}
