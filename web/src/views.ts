// The console's views, each at its own address: `#/missile`, `#/maritime`, `#/crisis`, `#/agreements`, `#/scorecard`.

export const VIEWS = ['missile', 'maritime', 'crisis', 'agreements', 'scorecard'] as const;
export type View = (typeof VIEWS)[number];

/** The view an address names; the missile picture for `#/`, a sign-in link or anything unknown. */
export function viewOfHash(hash: string): View {
  const name = /^#\/([a-z]+)$/.exec(hash)?.[1];
  return (VIEWS as readonly string[]).includes(name ?? '') ? (name as View) : 'missile';
}
