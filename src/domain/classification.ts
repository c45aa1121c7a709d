import { MarkingParseError } from './errors.js';
import type { Nation } from './nations.js';

/**
 * One nation's classification level. `rank` orders a nation's own levels (0 = unclassified);
 * ranks say nothing across nations: equivalence between nations is defined by each agreement.
 */
export interface Level {
  /** Canonical word used in markings and output, e.g. `GOKUHI`, `GRADE II`. */
  readonly id: string;
  readonly rank: number;
  /** The national name, e.g. `極秘 (Gokuhi)`, `군사 II급비밀 (Military Grade II Secret)`. */
  readonly name: string;
  /** The English treaty equivalent (Japan–ROK GSOMIA Art. 4; US–Japan GSOMIA 2007). */
  readonly english: 'UNCLASSIFIED' | 'RESTRICTED' | 'CONFIDENTIAL' | 'SECRET' | 'TOP SECRET';
  /** Other words accepted when parsing a marking in this nation's terms. */
  readonly aliases: readonly string[];
  /** Set where the level's equivalence is inferred rather than stated in a public text. */
  readonly flag?: string;
}

export interface Scheme {
  readonly nation: Nation | 'GENERIC';
  /** Levels in ascending rank. */
  readonly levels: readonly Level[];
  readonly source: string;
}

const US: Scheme = {
  nation: 'USA',
  source: 'Executive Order 13526 §1.2',
  levels: [
    { id: 'UNCLASSIFIED', rank: 0, name: 'Unclassified', english: 'UNCLASSIFIED', aliases: ['U'] },
    { id: 'CONFIDENTIAL', rank: 1, name: 'Confidential', english: 'CONFIDENTIAL', aliases: ['C'] },
    { id: 'SECRET', rank: 2, name: 'Secret', english: 'SECRET', aliases: ['S'] },
    { id: 'TOP SECRET', rank: 3, name: 'Top Secret', english: 'TOP SECRET', aliases: ['TS'] },
  ],
};

const JP: Scheme = {
  nation: 'JPN',
  source: 'Japan–ROK GSOMIA (2016) Art. 4; US–Japan GSOMIA (2007), MOFA press release 2007-08-10',
  levels: [
    { id: 'UNCLASSIFIED', rank: 0, name: '非秘 (unclassified)', english: 'UNCLASSIFIED', aliases: ['非秘'] },
    { id: 'HI', rank: 1, name: '秘 (Hi)', english: 'CONFIDENTIAL', aliases: ['秘'] },
    {
      id: 'GOKUHI',
      rank: 2,
      name: '極秘 (Gokuhi) / 特定秘密 (Tokutei Himitsu)',
      english: 'SECRET',
      aliases: ['極秘', 'TOKUTEI HIMITSU', '特定秘密'],
    },
    {
      id: 'KIMITSU',
      rank: 3,
      name: '機密 (Kimitsu)',
      english: 'TOP SECRET',
      aliases: ['機密'],
      flag: 'equivalence to TOP SECRET inferred; the Japan–ROK GSOMIA excludes TOP SECRET',
    },
  ],
};

const KR: Scheme = {
  nation: 'KOR',
  source: 'Japan–ROK GSOMIA (2016) Art. 4',
  levels: [
    { id: 'UNCLASSIFIED', rank: 0, name: '평문 (unclassified)', english: 'UNCLASSIFIED', aliases: ['평문'] },
    {
      id: 'GRADE III',
      rank: 1,
      name: '군사 III급비밀 (Military Grade III Secret)',
      english: 'CONFIDENTIAL',
      aliases: ['III급비밀', '군사 III급비밀', 'MILITARY GRADE III SECRET', 'GRADE III SECRET'],
    },
    {
      id: 'GRADE II',
      rank: 2,
      name: '군사 II급비밀 (Military Grade II Secret)',
      english: 'SECRET',
      aliases: ['II급비밀', '군사 II급비밀', 'MILITARY GRADE II SECRET', 'GRADE II SECRET'],
    },
    {
      id: 'GRADE I',
      rank: 3,
      name: '군사 I급비밀 (Military Grade I Secret)',
      english: 'TOP SECRET',
      aliases: ['I급비밀', '군사 I급비밀', 'MILITARY GRADE I SECRET', 'GRADE I SECRET'],
      flag: 'equivalence to TOP SECRET inferred; the Japan–ROK GSOMIA excludes TOP SECRET',
    },
  ],
};

/** For nations whose own level names are not modelled: the common English levels. */
const GENERIC: Scheme = {
  nation: 'GENERIC',
  source: 'assumption: English-language levels, for nations whose schemes are not modelled yet',
  levels: US.levels,
};

const SCHEMES: Partial<Record<Nation, Scheme>> = { USA: US, JPN: JP, KOR: KR };

export function schemeOf(nation: Nation): Scheme {
  return SCHEMES[nation] ?? GENERIC;
}

/** Every word (id, alias, English equivalent) that names a level of `nation`, upper-cased. */
const wordIndex = new Map<Nation | 'GENERIC', Map<string, Level>>();
function wordsOf(nation: Nation): Map<string, Level> {
  const scheme = schemeOf(nation);
  let index = wordIndex.get(scheme.nation);
  if (!index) {
    index = new Map();
    for (const level of scheme.levels) {
      // Earlier entries win, so a level's own id beats another level's English word.
      for (const w of [level.id, level.english, ...level.aliases]) {
        const key = w.toUpperCase();
        if (!index.has(key)) index.set(key, level);
      }
    }
    wordIndex.set(scheme.nation, index);
  }
  return index;
}

/** The level of `nation` named by `word` (its id, national name or English equivalent), or undefined. */
export function findLevel(nation: Nation, word: string): Level | undefined {
  return wordsOf(nation).get(word.trim().toUpperCase());
}

/** Like findLevel, but a MarkingParseError naming the input and column when the word is unknown. */
export function parseLevel(nation: Nation, word: string, input: string, column: number): Level {
  const level = findLevel(nation, word);
  if (level) return level;
  const known = schemeOf(nation)
    .levels.map((l) => l.id)
    .join(', ');
  throw new MarkingParseError(
    { input, column },
    `'${word}' is not a classification level of ${nation} (known: ${known}, or their English equivalents)`,
  );
}

/** The level of `nation` with id `id`; throws on a programming error (ids come from validated data). */
export function levelById(nation: Nation, id: string): Level {
  const level = schemeOf(nation).levels.find((l) => l.id === id);
  if (!level) throw new Error(`invariant: ${nation} has no level '${id}'`);
  return level;
}
