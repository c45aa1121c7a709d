import { formatInstant } from '../domain/index.js';
import { type ReadoutDivergence, readoutDivergence } from './divergence.js';
import type { ConsultationState, Statement } from './model.js';

// Export of a statement: the agreed text, who approved it when, the version history, and where each
// national readout departs from it. Renderers take a state or a nation's view (pass a view to export
// only what that nation may see); all text from partners is escaped.

type Source = Pick<
  ConsultationState,
  'id' | 'subject' | 'level' | 'form' | 'participants' | 'statements' | 'readouts'
>;

function statementOf(state: Source, statement: string): Statement | undefined {
  return state.statements.find((s) => s.id === statement);
}

function levelText(state: Source): string {
  return state.form ? `${state.level} (${state.form})` : (state.level ?? 'not convened');
}

/**
 * Backslash-escapes what Markdown would read as markup (inline HTML included) and keeps the text on
 * one line. Brackets are escaped, so no link can form and parentheses may stay; list and heading
 * markers matter only at the start. Every pattern here runs in time linear in the text (a partner
 * writes it): `\s*\n\s*` would try every start of a long run of spaces, quadratic.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_{}[\]<>|&~]/g, (c) => `\\${c}`)
    .replace(/\s+/g, (run) => (run.includes('\n') ? ' ' : run))
    .replace(/^([-+#>])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** `&`, `<`, `>`, `"`, `'` as entities: safe in element content and in quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function divergenceLines(d: ReadoutDivergence, md: (s: string) => string): string[] {
  if (d.identical) return ['matches the agreed text'];
  return [
    ...d.changed.map(
      (c) =>
        `reworded: "${md(c.agreed)}" -> "${md(c.readout)}" (added: ${md(c.wordsAdded.join(' ')) || '-'}; removed: ${md(c.wordsRemoved.join(' ')) || '-'})`,
    ),
    ...d.added.map((s) => `not in the agreed text: "${md(s)}"`),
    ...d.missing.map((s) => `leaves out: "${md(s)}"`),
  ];
}

/** The statement as Markdown. */
export function renderStatementMarkdown(state: Source, statement = 'joint'): string {
  const md = escapeMarkdown;
  const st = statementOf(state, statement);
  const out = [
    `# ${md(state.subject)}: statement \`${statement}\``,
    '',
    `Consultation ${md(state.id ?? '-')}, ${levelText(state)}, participants ${state.participants.join(', ')}.`,
    '',
  ];
  if (!st || st.versions.length === 0) return [...out, 'No version has been proposed.', ''].join('\n');
  if (st.agreed) {
    out.push(`## Agreed text (version ${md(st.agreed.version)}, ${formatInstant(st.agreed.atMs)})`, '');
    out.push(...st.agreed.text.split(/\n/).map((l) => `> ${md(l)}`), '');
    out.push('| participant | approved at | event |', '|---|---|---|');
    for (const a of st.agreed.approvals)
      out.push(`| ${a.nation} | ${formatInstant(a.atMs)} | ${md(a.event)} |`);
    out.push('');
  } else {
    out.push('## Not agreed yet', '');
    for (const s of st.current) {
      out.push(`- ${s.nation}: ${s.stance}s ${md(s.version)}${s.reason ? ` (${md(s.reason)})` : ''}`);
    }
    out.push('');
  }
  out.push('## Versions', '');
  for (const v of st.versions) {
    const status = st.agreed?.version === v.id ? 'agreed' : v.supersededBy.length > 0 ? 'superseded' : 'open';
    out.push(`- ${md(v.id)} by ${v.author}, ${formatInstant(v.atMs)}, ${status}: ${md(v.text)}`);
  }
  out.push('');
  const divergences = readoutDivergence(state, statement);
  if (divergences.length > 0) {
    out.push('## National readouts against the agreed text', '');
    for (const d of divergences) {
      out.push(`### ${d.nation} (${md(d.readout)})`, '', ...divergenceLines(d, md).map((l) => `- ${l}`), '');
    }
  }
  return out.join('\n');
}

/** The statement as a self-contained HTML fragment. */
export function renderStatementHtml(state: Source, statement = 'joint'): string {
  const h = escapeHtml;
  const st = statementOf(state, statement);
  const out = [
    '<section class="concord-statement">',
    `<h1>${h(state.subject)}: statement <code>${h(statement)}</code></h1>`,
    `<p>Consultation ${h(state.id ?? '-')}, ${h(levelText(state))}, participants ${h(state.participants.join(', '))}.</p>`,
  ];
  if (!st || st.versions.length === 0)
    return [...out, '<p>No version has been proposed.</p>', '</section>', ''].join('\n');
  if (st.agreed) {
    out.push(`<h2>Agreed text (version ${h(st.agreed.version)}, ${formatInstant(st.agreed.atMs)})</h2>`);
    out.push(`<blockquote>${st.agreed.text.split(/\n/).map(h).join('<br>')}</blockquote>`);
    out.push('<table><thead><tr><th>participant</th><th>approved at</th><th>event</th></tr></thead><tbody>');
    for (const a of st.agreed.approvals) {
      out.push(`<tr><td>${a.nation}</td><td>${formatInstant(a.atMs)}</td><td>${h(a.event)}</td></tr>`);
    }
    out.push('</tbody></table>');
  } else {
    out.push('<h2>Not agreed yet</h2>', '<ul>');
    for (const s of st.current) {
      out.push(`<li>${s.nation}: ${s.stance}s ${h(s.version)}${s.reason ? ` (${h(s.reason)})` : ''}</li>`);
    }
    out.push('</ul>');
  }
  out.push('<h2>Versions</h2>', '<ul>');
  for (const v of st.versions) {
    const status = st.agreed?.version === v.id ? 'agreed' : v.supersededBy.length > 0 ? 'superseded' : 'open';
    out.push(`<li>${h(v.id)} by ${v.author}, ${formatInstant(v.atMs)}, ${status}: ${h(v.text)}</li>`);
  }
  out.push('</ul>');
  const divergences = readoutDivergence(state, statement);
  if (divergences.length > 0) {
    out.push('<h2>National readouts against the agreed text</h2>');
    for (const d of divergences) {
      out.push(`<h3>${d.nation} (${h(d.readout)})</h3>`, '<ul>');
      out.push(...divergenceLines(d, h).map((l) => `<li>${l}</li>`), '</ul>');
    }
  }
  out.push('</section>', '');
  return out.join('\n');
}
