// The operator's session: the token from the sign-in link, kept in this tab's sessionStorage.
//
// Why sessionStorage and not localStorage: the token is a credential. sessionStorage is per tab and
// is gone when the tab closes, so a shared watch-floor machine does not keep an operator signed in
// after they leave, and two tabs can be signed in as two nations side by side (an exercise
// controller's JPN and KOR views). A reload keeps the session; a new tab needs the link again.

const KEY = 'concord.token';
const SIGN_IN = /^#\/sign-in\/([A-Za-z0-9_-]+)$/;

/**
 * Takes the token from a `#/sign-in/<token>` address (the fragment never reaches a server or its
 * log), keeps it, and replaces the address with `#/` so it is not in the history or a screenshot.
 */
export function takeSignInLink(): void {
  const m = SIGN_IN.exec(location.hash);
  if (!m) return;
  sessionStorage.setItem(KEY, m[1]!);
  history.replaceState(null, '', `${location.pathname}#/`);
}

export function storedToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  history.replaceState(null, '', `${location.pathname}#/`);
}
