import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/index.js';
import { ensurePrivateFile, makePrivateDir, writeSecretFile } from '../../src/link/index.js';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('private files: a secret is 0600 in a 0700 folder', () => {
  let root: string;
  let umask: number;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'concord-private-'));
    umask = process.umask(0); // the most permissive umask: modes must not depend on it
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('makes missing folders, parents included, 0700', () => {
    const dir = join(root, 'a', 'b');
    makePrivateDir(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(root, 'a'))).toBe(0o700);
  });

  it('closes up an existing folder of ours open to others, and refuses a shared (sticky) one', () => {
    const open = join(root, 'open');
    mkdirSync(open, { mode: 0o755 });
    makePrivateDir(open);
    expect(mode(open)).toBe(0o700);
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    expect(() => makePrivateDir(shared, '--data-dir')).toThrow(InputError);
    expect(() => makePrivateDir(shared, '--data-dir')).toThrow(/^--data-dir: .*shared \(mode 1777\)/);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    writeFileSync(join(root, 'file'), '');
    expect(() => makePrivateDir(join(root, 'file'), '--out')).toThrow(/^--out: .* is not a folder/);
  });

  it('writes a secret 0600, over an existing file open to others too; exclusive refuses to overwrite', () => {
    const file = join(root, 'secret');
    writeFileSync(file, 'old', { mode: 0o644 });
    expect(mode(file)).toBe(0o644);
    writeSecretFile(file, 'new');
    expect(mode(file)).toBe(0o600);
    const fresh = join(root, 'fresh');
    writeSecretFile(fresh, 'x', { exclusive: true });
    expect(mode(fresh)).toBe(0o600);
    expect(() => writeSecretFile(fresh, 'y', { exclusive: true, input: '--data-dir' })).toThrow(
      /^--data-dir: .*fresh exists; it is never overwritten/,
    );
  });

  it('creates a file 0600 for a library to fill, and closes up an existing one', () => {
    const file = join(root, 'store.sqlite');
    ensurePrivateFile(file);
    expect(existsSync(file)).toBe(true);
    expect(mode(file)).toBe(0o600);
    chmodSync(file, 0o644);
    ensurePrivateFile(file);
    expect(mode(file)).toBe(0o600);
  });
});
