import { describe, expect, it } from 'vitest';
import {
  divergence,
  escapeMarkdown,
  foldConsultation,
  readoutDivergence,
  renderStatementHtml,
  renderStatementMarkdown,
  splitSentences,
} from '../../src/consult/index.js';
import { approve, convene, ev, MIN, propose, registry, T0 } from './fixtures.js';

// The papers note that allied 2+2 statements avoided naming China while positions differed in private:
// the joint text is neutral, one national readout names China.
const JOINT =
  'The ministers discussed the situation in the Taiwan Strait. They underscored the importance of peace and stability. They will meet again next year.';
const US_READOUT =
  "The ministers discussed China's coercion in the Taiwan Strait. They underscored the importance of peace and stability. The Secretary raised human rights.";

const events = [
  convene,
  propose('USA', 'v1', T0 + MIN, JOINT),
  ...(['USA', 'JPN', 'KOR'] as const).map((n, i) => approve(n, 'USA:v1', T0 + (2 + i) * MIN)),
  ev('USA', 'ro', T0 + 10 * MIN, 'publish-readout', { statement: 'joint', text: US_READOUT }),
  ev('KOR', 'ro', T0 + 10 * MIN, 'publish-readout', {
    statement: 'joint',
    text: JOINT.replace(/\s+/g, '  '),
  }),
];
const state = foldConsultation(events, { nowMs: T0 + 20 * MIN, registry });

describe('national readouts against the agreed text', () => {
  it('splits sentences without breaking at initialisms', () => {
    expect(splitSentences('The U.S. and Japan met. They agreed!\n日米は会談した。合意した。')).toEqual([
      'The U.S. and Japan met.',
      'They agreed!',
      '日米は会談した。',
      '合意した。',
    ]);
  });

  it('shows what a readout adds, leaves out and rewords, word by word', () => {
    const d = divergence(JOINT, US_READOUT);
    expect(d.changed).toEqual([
      {
        agreed: 'The ministers discussed the situation in the Taiwan Strait.',
        readout: "The ministers discussed China's coercion in the Taiwan Strait.",
        wordsAdded: ["china's", 'coercion'],
        // Multiset difference: one of the agreed sentence's three "the" has no counterpart.
        wordsRemoved: ['situation', 'the'],
      },
    ]);
    expect(d.added).toEqual(['The Secretary raised human rights.']);
    expect(d.missing).toEqual(['They will meet again next year.']);
  });

  it('per participant, from the folded consultation; spacing alone is no divergence', () => {
    const ds = readoutDivergence(state);
    expect(ds.map((d) => [d.nation, d.identical])).toEqual([
      ['USA', false],
      ['KOR', true],
    ]);
  });

  it('is empty before there is an agreed text', () => {
    const draft = foldConsultation(events.slice(0, 3), { nowMs: T0 + 20 * MIN, registry });
    expect(readoutDivergence(draft)).toEqual([]);
  });
});

describe('export of the agreed text', () => {
  it('Markdown names the version, and who approved when', () => {
    const md = renderStatementMarkdown(state);
    expect(md).toContain('## Agreed text (version USA:v1, 2024-08-01T00:04:00.000Z)');
    expect(md).toContain('| KOR | 2024-08-01T00:04:00.000Z | KOR:ap-USA:v1-1722470640000 |');
    expect(md).toContain('> The ministers discussed the situation in the Taiwan Strait.');
    expect(md).toContain('not in the agreed text: "The Secretary raised human rights."');
  });

  it('HTML escapes partner text', () => {
    const evil = 'Agreed <script>alert("x")</script> & done.';
    const s = foldConsultation(
      [
        convene,
        propose('KOR', 'v1', T0 + MIN, evil),
        ...(['USA', 'JPN', 'KOR'] as const).map((n) => approve(n, 'KOR:v1', T0 + 2 * MIN)),
      ],
      { nowMs: T0 + 3 * MIN, registry },
    );
    const html = renderStatementHtml(s);
    expect(html).not.toContain('<script>');
    expect(html).toContain('Agreed &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; done.');
    expect(renderStatementMarkdown(s)).toContain('> Agreed \\<script\\>alert("x")\\</script\\> \\& done.');
    expect(renderStatementMarkdown(s)).not.toMatch(/[^\\]<script/);
  });

  it('before agreement, shows each participant’s stance instead of a text', () => {
    const s = foldConsultation(events.slice(0, 3), { nowMs: T0 + 20 * MIN, registry });
    const md = renderStatementMarkdown(s);
    expect(md).toContain('## Not agreed yet');
    expect(md).toContain('- USA: approves USA:v1');
  });

  // A partner writes these texts, and the export runs on the event loop of every node: each pattern
  // must be linear. A quadratic one (the old `\s*\n\s*`: ~0.9 s at 20,000 characters) would run
  // for minutes here and time the test out. (Expectations compare booleans: a failure prints no
  // 200,000-character diff.)
  it('runs in linear time on a 200,000-character run of whitespace or of initials', () => {
    const run = ' \t'.repeat(100_000);
    expect(escapeMarkdown(`a${run}b`) === `a${run}b`).toBe(true);
    expect(escapeMarkdown(`a${run}\n${run}b`)).toBe('a b');
    const initials = 'A. '.repeat(70_000);
    const sentences = splitSentences(`${initials}met. Then${run}left.`);
    expect(sentences.length).toBe(2);
    expect(sentences[0] === `${initials}met.`).toBe(true);
    // Through the export, at the longest text an event may carry (20,000 characters).
    const long = `The U.S.${' '.repeat(9_000)}\n${' '.repeat(9_000)}met.`;
    const s = foldConsultation(
      [
        convene,
        propose('KOR', 'v1', T0 + MIN, long),
        ...(['USA', 'JPN', 'KOR'] as const).map((n) => approve(n, 'KOR:v1', T0 + 2 * MIN)),
      ],
      { nowMs: T0 + 3 * MIN, registry },
    );
    expect(s.statements[0]?.agreed?.version).toBe('KOR:v1');
    expect(
      renderStatementMarkdown(s).includes('by KOR, 2024-08-01T00:01:00.000Z, agreed: The U.S. met.'),
    ).toBe(true);
  });
});
