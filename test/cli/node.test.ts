import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { concord, openSecrets } from './run.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'concord-node-'));

describe('concord start (the embedded network)', () => {
  // At 2000x: the embedded network plays the scenario on its virtual clock, so what it prints and at
  // which instants does not depend on the speed (the second run below checks it); 400x spent ~4 s
  // of wall clock a run waiting for the scenario's 25 minutes.
  it('runs the IRBM scenario, shows each nation tracking the missile, and keeps audited SQLite stores', () => {
    const dir = join(tmp(), 'data'); // made by the command
    const r = concord('start', '--speed', '2000', '--port', '0', '--data-dir', dir, '--exit-at-end');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const nation of ['USA', 'JPN', 'KOR']) {
      expect(r.stdout).toMatch(new RegExp(`T\\+[\\d.]+s ${nation}: tracking KOR:1 from KOR`));
      expect(existsSync(join(dir, `${nation}.sqlite`))).toBe(true);
    }
    expect(r.stdout).toContain('scenario ended');
    // A newcomer's first lines: today's sharing matrix among the three, each operator's link on a
    // line of its own, and the time base with the launches in it; no administrator's token.
    expect(r.stdout).toMatch(/^Sharing today \(\d{4}-\d{2}-\d{2}\) among USA, JPN, KOR/m);
    expect(r.stdout).toMatch(/^ {2}JPN > KOR {2}S /m);
    expect(r.stdout).not.toMatch(/AUS|IND/);
    // and whether the nodes, deciding at the scenario's instants, go by the same (today's date varies).
    expect(r.stdout).toMatch(
      /^( {2}The same on|On) the scenario's date \(2022-10-03\), by which the nodes decide/m,
    );
    const tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8'));
    for (const nation of ['USA', 'JPN', 'KOR']) {
      expect(r.stdout).toMatch(
        new RegExp(`^${nation} operator {2}http://127\\.0\\.0\\.1:\\d+/#/sign-in/${tokens[nation]}$`, 'm'),
      );
    }
    const admin = JSON.parse(readFileSync(join(dir, 'admin-tokens.json'), 'utf8'));
    for (const token of Object.values(admin)) expect(r.stdout).not.toContain(token);
    expect(statSync(join(dir, 'admin-tokens.json')).mode & 0o777).toBe(0o600);
    expect(r.stdout).toContain(
      "times are T+<s>s, scenario seconds from the scenario's start (2022-10-03T22:20:00Z); launches: irbm-1 T+120s",
    );
    expect(r.stdout).toMatch(/^T\+120\.0s scenario: irbm-1 launched \(ground truth/m);
    // Japan is warned of a possible overflight while the missile boosts, then (still in boost, on
    // the ballistic prediction) of the overflight of northern Japan; Korea is not warned; a US
    // warning (Misawa on the boost heading) is withdrawn. Lines carry the scenario instant they
    // happened at, in order, whatever the speed of the machine.
    expect(r.stdout).toMatch(/JPN: WARNING possible-overflight of JPN land predicted in \d+ s .*boost\)/);
    expect(r.stdout).toMatch(
      /JPN: WARNING overflight of JPN land predicted in \d+ s near 4\d\.\d+N 14\d\.\d+E \(KOR:1, boost\)/,
    );
    const times = [...r.stdout.matchAll(/^T\+([\d.]+)s/gm)].map((m) => Number(m[1]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Korea is told only of a possible impact in its waters while the missile boosts (the swept
    // region of the burnouts still possible), withdrawn once it coasts; no impact warning anywhere.
    expect(r.stdout).not.toMatch(/KOR: WARNING (?!possible-impact)/);
    expect(r.stdout).not.toMatch(/WARNING impact/);
    const count = (re: RegExp) => (r.stdout.match(re) ?? []).length;
    expect(count(/KOR: WARNING/g)).toBe(count(/KOR: withdrawn/g));
    expect(count(/USA: WARNING/g)).toBe(count(/USA: withdrawn/g));
    // Japan's overflight warning convenes the three at ministerial level, at the warning's instant;
    // the scenario's watch officers acknowledge, post, and agree a joint statement; Japan closes.
    const overflight = r.stdout.match(/^T\+([\d.]+)s JPN: WARNING overflight/m)!;
    expect(r.stdout).toContain(
      `T+${overflight[1]}s JPN: CONSULTATION convened at ministerial with USA, JPN, KOR`,
    );
    expect(r.stdout).toMatch(/T\+300\.0s USA: acknowledges consultation/);
    expect(r.stdout).toMatch(/T\+330\.0s KOR: acknowledges consultation/);
    expect(r.stdout).toMatch(
      /T\+360\.0s KOR: posts to consultation .*\(\/\/KOR SECRET\/\/REL TO USA, JPN, KOR\)/,
    );
    expect(r.stdout).toMatch(/T\+520\.0s JPN: approves the statement version .* -- AGREED by USA, JPN, KOR/);
    expect(r.stdout).toMatch(/T\+1400\.0s JPN: closes consultation/);
    expect(r.stdout).not.toMatch(/ESCALATES|refused/);
    const audit = concord('audit', 'verify', '--db', join(dir, 'JPN.sqlite'));
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true });
    expect(JSON.parse(audit.stdout).count).toBeGreaterThan(10);

    // A second run on the same stores prints the same events at the same scenario instants: its
    // items are not taken for replays of the first run's, and nothing depends on the wall clock.
    const again = concord('start', '--speed', '2000', '--port', '0', '--data-dir', dir, '--exit-at-end');
    expect(again.code).toBe(0);
    const events = (out: string) => out.split('\n').filter((l) => l.startsWith('T+'));
    expect(events(again.stdout)).toEqual(events(r.stdout));
    // Tokens, keys and stores: each 0600 in a 0700 folder.
    const { secrets, open } = openSecrets(dir);
    expect(secrets).toEqual(
      expect.arrayContaining(['tokens.json', 'admin-tokens.json', 'keys/JPN.key.pem', 'JPN.sqlite']),
    );
    expect(open).toEqual([]);
    expect(again.stdout).toMatch(/JPN: fusing KOR:1 from JPN\+KOR\+USA/);

    // Editing one audit record (past the triggers that forbid it) is detected.
    const db = new Database(join(dir, 'JPN.sqlite'));
    for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as {
      name: string;
    }[]) {
      db.exec(`DROP TRIGGER "${t.name}"`);
    }
    db.prepare("UPDATE audit SET subject = 'forged' WHERE seq = 3").run();
    db.close();
    const tampered = concord('audit', 'verify', '--db', join(dir, 'JPN.sqlite'));
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout)).toMatchObject({ ok: false, firstBadSeq: 3 });
  }, 240_000);

  it('on korea-irbm-missed-ack, Korea misses its deadline and Japan escalates the consultation', () => {
    const r = concord(
      'start',
      '--scenario',
      'korea-irbm-missed-ack',
      '--speed',
      '2000',
      '--port',
      '0',
      '--data-dir',
      tmp(),
      '--exit-at-end',
      '--print-admin',
    );
    expect(r.code).toBe(0);
    // Asked for, the administrators' links and their /commitments curl lines are printed too.
    expect(r.stdout).toMatch(/^KOR administrator {2}http:\/\/127\.0\.0\.1:\d+\/#\/sign-in\/[\w-]+$/m);
    expect(r.stdout).toMatch(
      /curl -H 'Authorization: Bearer [\w-]+' http:\/\/127\.0\.0\.1:\d+\/api\/KOR\/commitments/,
    );
    const convened = Number(r.stdout.match(/^T\+([\d.]+)s JPN: CONSULTATION convened/m)![1]);
    expect(r.stdout).not.toMatch(/KOR: acknowledges/);
    const escalated = r.stdout.match(
      /^T\+([\d.]+)s JPN: ESCALATES consultation .* to leaders: no acknowledgement from KOR by/m,
    );
    expect(escalated).not.toBeNull();
    // Fifteen minutes after the convening, to the second (the check runs 1 ms after the deadline).
    expect(Number(escalated![1])).toBeCloseTo(convened + 900, 0);
    expect(r.stdout).not.toMatch(/AGREED/);
  }, 120_000);

  it('refuses a bad option (exit 2); an unknown scenario lists the bundled ones', () => {
    expect(concord('start', '--policy', 'everyone').code).toBe(2);
    expect(concord('start', '--speed', '-1').code).toBe(2);
    const unknown = concord(
      'start',
      '--scenario',
      'korea-irbm-over-japn',
      '--port',
      '0',
      '--data-dir',
      tmp(),
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^concord: korea-irbm-over-japn: no such scenario file, nor a bundled scenario of that name \(bundled: .*korea-irbm-over-japan, .*taiwan-strait-2022-08\)$/m,
    );
    expect(unknown.stdout).toBe('');
  });
});

describe('concord keys generate', () => {
  it('writes a key pair once and refuses to overwrite it', () => {
    const dir = join(tmp(), 'keys'); // made by the command
    const r = concord('keys', 'generate', '--nation', 'JPN', '--out', dir);
    expect(r.code).toBe(0);
    // The private key is 0600 in a 0700 folder; the public key is for partners to pin.
    expect(openSecrets(dir)).toEqual({ secrets: ['JPN.key.pem'], open: [] });
    expect(statSync(join(dir, 'JPN.pub.pem')).mode & 0o777).toBe(0o644);
    expect(JSON.parse(r.stdout)).toMatchObject({ nation: 'JPN' });
    expect(existsSync(join(dir, 'JPN.key.pem'))).toBe(true);
    const again = concord('keys', 'generate', '--nation', 'JPN', '--out', dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite');
  });
});
