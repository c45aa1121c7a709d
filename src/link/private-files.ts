import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { InputError } from '../domain/index.js';

/**
 * Files that hold a secret (signing keys, API tokens, NATS passwords, node configurations, the
 * stores) are readable by their owner only, in folders only their owner can enter: a secret is
 * 0600 in a 0700 folder. Every command that writes one goes through these helpers, so the rule
 * lives in one place.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** The group and other bits: any of them set means someone else may read or enter. */
const OPEN_TO_OTHERS = 0o077;

/**
 * Makes `dir` (and any missing parents, which are made 0700 too) a private folder. An existing
 * folder open to others is closed up (a data folder from an older run, say), unless it is not
 * ours to close (another user's, or a shared folder with the sticky bit such as /tmp): then it is
 * an error naming `input`, since a secret placed there would be readable by others.
 */
export function makePrivateDir(dir: string, input: string = dir): void {
  if (!existsSync(dir)) {
    try {
      mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    } catch (e) {
      throw new InputError({ input }, `cannot create folder ${dir} (${(e as NodeJS.ErrnoException).code})`);
    }
    // mkdir's mode passes through the umask; a umask cannot add bits, but say so explicitly.
    chmodSync(dir, PRIVATE_DIR_MODE);
    return;
  }
  const st = statSync(dir);
  if (!st.isDirectory()) throw new InputError({ input }, `${dir} is not a folder`);
  if ((st.mode & OPEN_TO_OTHERS) === 0) return;
  const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
  const sticky = (st.mode & 0o1000) !== 0;
  if (!mine || sticky)
    throw new InputError(
      { input },
      `${dir} is shared (mode ${(st.mode & 0o7777).toString(8)}); secrets need a folder of their own (mode 700)`,
    );
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Writes `text` to `path` readable by the owner only (0600), whatever the umask; an existing
 * file is replaced and closed up. With `exclusive`, an existing file is an error naming `input`
 * instead (a password or a key that partners rely on is never overwritten silently).
 */
export function writeSecretFile(
  path: string,
  text: string,
  options: { exclusive?: boolean; input?: string } = {},
): void {
  try {
    writeFileSync(path, text, { mode: PRIVATE_FILE_MODE, flag: options.exclusive ? 'wx' : 'w' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      { input: options.input ?? path },
      code === 'EEXIST' ? `${path} exists; it is never overwritten` : `cannot write ${path} (${code})`,
    );
  }
  // The mode given to open() applies only to a file it creates.
  chmodSync(path, PRIVATE_FILE_MODE);
}

/**
 * Makes sure `path` exists and is 0600, for a file another library then opens and fills (a
 * SQLite store: SQLite gives its -wal and -shm files the database file's mode). An existing file
 * open to others is closed up.
 */
export function ensurePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  closeUpFile(path);
}

/** Closes up an existing file that is open to others (0600); a missing file is left missing. */
export function closeUpFile(path: string): void {
  if (existsSync(path) && (statSync(path).mode & OPEN_TO_OTHERS) !== 0) chmodSync(path, PRIVATE_FILE_MODE);
}
