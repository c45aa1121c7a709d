import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { utc } from './format.js';
import { TextForm } from './TextForm.js';
import type { Consultation } from './types.js';
import type { Run } from './useAction.js';

const ENTRIES = ['message', 'decision', 'item'] as const;

/**
 * The shared timeline, oldest first, as this nation may see it (a partner's post its agreements do
 * not release is not in the view), and the form to post to it: a post must be releasable to every
 * participant, which the node checks against its marking.
 */
export function Timeline({ c, run, busy }: { c: Consultation; run: Run; busy: boolean }) {
  const { t } = useTranslation();
  const [entry, setEntry] = useState<(typeof ENTRIES)[number]>('message');
  return (
    <section aria-labelledby="crisis-timeline">
      <h3 id="crisis-timeline">{t('crisis.timeline')}</h3>
      {c.timeline.length === 0 ? (
        <p className="state">{t('crisis.noPosts')}</p>
      ) : (
        <ol className="crisis-timeline" data-testid="timeline">
          {c.timeline.map((p) => (
            <li key={p.id}>
              <span className="meta">
                {utc(p.atMs)} · {p.author} · {t(`crisis.entry.${p.entry}`)} · <code>{p.marking}</code>
              </span>
              <p>{p.text}</p>
              {p.item ? <p className="meta">{p.item.title}</p> : null}
              {p.audience ? (
                <p className="meta">
                  {t('crisis.audience', {
                    nations: p.audience.map((a) => `${a.nation} ${a.allow ? '✓' : '✗'}`).join(', '),
                  })}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {c.closed === null ? (
        <TextForm
          route="posts"
          fields={{ entry }}
          marking="UNCLASSIFIED"
          textLabel={t('crisis.text')}
          submitLabel={t('crisis.post')}
          run={run}
          busy={busy}
        >
          <label>
            {t('crisis.entryKind')}{' '}
            <select value={entry} onChange={(e) => setEntry(e.target.value as (typeof ENTRIES)[number])}>
              {ENTRIES.map((k) => (
                <option key={k} value={k}>
                  {t(`crisis.entry.${k}`)}
                </option>
              ))}
            </select>
          </label>
        </TextForm>
      ) : null}
    </section>
  );
}
