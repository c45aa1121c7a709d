import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionBodies } from './types.js';
import type { Run } from './useAction.js';

/** The routes whose body is a text the operator writes (a post, a position, a readout). */
type TextRoute = 'posts' | 'positions' | 'readouts';

/**
 * The crisis room's form for a text sent to the node: the fields the caller gives first (`children`,
 * their values in `fields`), then the text, then the marking where the route takes one (`marking` is
 * its default). The text is cleared once the node has taken it; on a refusal it stays, to correct.
 */
export function TextForm<R extends TextRoute>({
  route,
  fields,
  marking: initialMarking,
  textLabel,
  submitLabel,
  run,
  busy,
  children,
}: {
  route: R;
  fields: Omit<ActionBodies[R], 'text' | 'marking'>;
  marking?: string;
  textLabel: string;
  submitLabel: string;
  run: Run;
  busy: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [marking, setMarking] = useState(initialMarking ?? '');
  return (
    <form
      className="crisis-form"
      onSubmit={(e) => {
        e.preventDefault();
        const body = { ...fields, text, ...(initialMarking === undefined ? {} : { marking }) };
        void run(route, body as ActionBodies[R]).then((ok) => ok && setText(''));
      }}
    >
      {children}
      <label className="wide">
        {textLabel} <textarea value={text} onChange={(e) => setText(e.target.value)} required rows={2} />
      </label>
      {initialMarking === undefined ? null : (
        <label>
          {t('crisis.marking')}{' '}
          <input value={marking} onChange={(e) => setMarking(e.target.value)} required />
        </label>
      )}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
