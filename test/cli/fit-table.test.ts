import { describe, expect, it } from 'vitest';
import { fitTable, wrap } from '../../src/cli/fit-table.js';

const COLUMNS = [
  { header: 'STATUS', minWidth: 6 },
  { header: 'OWNER', minWidth: 5 },
  { header: 'ID', minWidth: 10 },
  { header: 'TITLE', minWidth: 12 },
];
const ROWS = [
  ['met', 'USA,JPN,KOR', 'rec-trilateral-gsomia', 'Turn the two bilateral GSOMIAs into a trilateral one'],
  ['unmet', 'KOR', 'rec-rok-cptpp', 'The ROK joins the CPTPP'],
];

describe('fitTable', () => {
  it('keeps whole rows without a width, or when they fit', () => {
    const lines = fitTable(COLUMNS, ROWS, undefined, [1]);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(
      'met     USA,JPN,KOR  rec-trilateral-gsomia  Turn the two bilateral GSOMIAs into a trilateral one',
    );
    expect(fitTable(COLUMNS, ROWS, 200, [1])).toEqual(lines);
  });

  it('cuts the shrinkable columns first, then wraps the last one in its column', () => {
    const lines = fitTable(COLUMNS, ROWS, 60, [1]);
    expect(lines).toEqual([
      'STATUS  OWNER  ID                     TITLE',
      'met     USA,…  rec-trilateral-gsomia  Turn the two bilateral',
      '                                      GSOMIAs into a',
      '                                      trilateral one',
      'unmet   KOR    rec-rok-cptpp          The ROK joins the',
      '                                      CPTPP',
    ]);
  });

  it('puts the last column below each row rather than cut the column before it, until that is not enough', () => {
    const lines = fitTable(COLUMNS, ROWS, 44, [1]);
    expect(lines[0]).toBe('STATUS  OWNER  ID / TITLE');
    expect(lines[1]).toBe('met     USA,…  rec-trilateral-gsomia');
    expect(lines[2]).toBe('               Turn the two bilateral');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(44);
    const narrow = fitTable(COLUMNS, ROWS, 30, [1]);
    expect(narrow[1]).toBe('met     USA,…  rec-trilateral…');
  });
});

describe('wrap', () => {
  it('breaks at spaces, and inside a word longer than the width', () => {
    expect(wrap('a long title to wrap', 12)).toEqual(['a long title', 'to wrap']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});
