// The repository keyguard scans is untrusted input, and so is its configuration: `.keyguard.json`, the
// `keyguard` key of package.json and the baseline are repository content. Each test builds a hostile
// repository in a temporary directory and runs the built CLI in it with real git: an allow pattern must
// not be able to hang a commit, an error must not echo what the file holds, and a configuration file that
// is a FIFO or a symlink out of the repository is refused instead of read.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakePair, seededRandom, type FakePair } from '../support/fake-credentials.js';
import { withRepo, type RunResult, type TestRepo } from '../support/git-repo.js';

const rng = seededRandom(0x7a5e);
const pairLines = (pair: FakePair) => `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
const output = (r: RunResult) => `status ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** Long enough for a slow machine, far too short for a pattern that backtracks on a 40-character secret. */
const TIMEOUT = 20_000;

function scanJson(
  repo: TestRepo,
  args: readonly string[],
): { status: number; report: { findings: { path: string }[]; suppressed?: { path: string; by: string }[] } } {
  const r = repo.keyguard(['scan', ...args, '--format', 'json'], { timeout: TIMEOUT });
  if (r.status !== 0 && r.status !== 1) throw new Error(`keyguard scan failed\n${output(r)}`);
  return { status: r.status, report: JSON.parse(r.stdout) };
}

/** An error the user must fix: exit 2, this one line on stderr, nothing on stdout, no stack trace. */
function expectConfigError(r: RunResult, line: string): void {
  expect(r.status, output(r)).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`keyguard: ${line}\n`);
}

/** Every run of 8 characters of `value`: none may reach the output. */
function expectNoRunOf(text: string, value: string): void {
  for (let i = 0; i + 8 <= value.length; i++)
    expect(text, 'the output quotes the file').not.toContain(value.slice(i, i + 8));
}

describe('allow patterns are matched in linear time', () => {
  // With RegExp, `(x+)+` followed by something the value lacks tries every way to split the value:
  // about 2^40 for a 40-character secret. RE2 answers in one pass.
  const REDOS = '^([A-Za-z0-9+/]+)+FIXTURE$';

  it('a backtracking pattern neither hangs the staged scan nor stops applying', () =>
    withRepo((repo) => {
      const allowed = fakePair(rng);
      allowed.secret = `${allowed.secret.slice(0, 33)}FIXTURE`;
      const other = fakePair(rng);
      repo.write('.keyguard.json', `${JSON.stringify({ allow: [REDOS] })}\n`);
      repo.write('fixtures/allowed.ini', pairLines(allowed));
      repo.write('config/prod.ini', pairLines(other));
      repo.git(['add', '-A']);
      for (const args of [['--staged'], ['.']]) {
        const { status, report } = scanJson(repo, args);
        expect(status).toBe(1);
        expect(report.findings.map((f) => f.path)).toEqual(['config/prod.ini']);
        expect(report.suppressed?.map((s) => [s.path, s.by])).toEqual([['fixtures/allowed.ini', 'allow']]);
      }
    }));

  it('a pattern RE2 cannot run (backreference, lookaround) is refused with one line', () =>
    withRepo((repo) => {
      repo.write('.keyguard.json', `${JSON.stringify({ allow: ['FIXTURE', '^(?!AKIA)'] })}\n`);
      repo.write('README.md', '# readme\n');
      repo.git(['add', '-A']);
      expectConfigError(
        repo.keyguard(['scan', '--staged'], { timeout: TIMEOUT }),
        '.keyguard.json: "allow[1]" must be a regular expression keyguard can match in linear time (RE2 syntax: no backreferences or lookaround)',
      );
    }));

  it('a secret pasted into allow as an invalid pattern is not echoed', () =>
    withRepo((repo) => {
      const pair = fakePair(rng);
      repo.write(
        'package.json',
        `${JSON.stringify({ name: 'x', keyguard: { allow: [`${pair.secret}[`, `(${pair.id}`] } })}\n`,
      );
      repo.git(['add', '-A']);
      const r = repo.keyguard(['scan', '--staged'], { timeout: TIMEOUT });
      expectConfigError(
        r,
        'package.json "keyguard": "allow[0]" must be a valid regular expression (missing closing ])',
      );
      expectNoRunOf(r.stderr, pair.secret);
    }));
});

describe('a file that is not valid JSON is not quoted in the error', () => {
  // The credential is a bare word (V8's message quotes the text around an unexpected token) in a long,
  // multi-line file (where V8 cuts its quote short with `...`).
  const broken = (value: string) =>
    `{\n  "name": "app",\n  "description": "${'x'.repeat(300)}",\n  "keyguard": {},\n  "token": K${value}\n}\n`;

  it('package.json configuring keyguard, for scan --staged, scan <path> and init', () =>
    withRepo((repo) => {
      const { id, secret } = fakePair(rng);
      for (const value of [id, secret]) {
        repo.write('package.json', broken(value));
        repo.git(['add', 'package.json']);
        for (const args of [
          ['scan', '--staged'],
          ['scan', 'package.json'],
        ]) {
          const r = repo.keyguard(args, { timeout: TIMEOUT });
          expectConfigError(r, 'package.json: not valid JSON (expected a value at line 5, column 12)');
          expectNoRunOf(r.stderr, value);
        }
        const init = repo.keyguard(['init'], { timeout: TIMEOUT });
        expect(init.status, output(init)).toBe(2);
        expect(init.stderr).toBe(
          'keyguard: cannot update package.json: it is not valid JSON (expected a value at line 5, column 12).\n',
        );
        expectNoRunOf(init.stdout + init.stderr, value);
      }
    }));

  it('.keyguard.json', () =>
    withRepo((repo) => {
      const { secret } = fakePair(rng);
      repo.write('.keyguard.json', `{ "allow": [ ${'"FIXTURE", '.repeat(30)}K${secret} ] }\n`);
      repo.git(['add', '.keyguard.json']);
      const r = repo.keyguard(['scan', '--staged'], { timeout: TIMEOUT });
      expectConfigError(r, '.keyguard.json: not valid JSON (expected a value at line 1, column 344)');
      expectNoRunOf(r.stderr, secret);
    }));
});

describe('a configuration file that is not a regular file, or leads out of the repository, is refused', () => {
  const mkfifo = (path: string) => {
    mkdirSync(dirname(path), { recursive: true });
    execFileSync('mkfifo', [path]);
  };

  it.each([
    ['.keyguard.json', {}],
    ['package.json', {}],
    ['.keyguard-baseline.json', {}],
    ['security/baseline.json', { baseline: 'security/baseline.json' }],
  ])('a FIFO as %s: scan <path> and baseline stop at once with one line', (file, config) =>
    withRepo((repo) => {
      if (file !== '.keyguard.json' && Object.keys(config).length > 0)
        repo.write('.keyguard.json', `${JSON.stringify(config)}\n`);
      repo.write('app.ini', 'name = app\n');
      repo.git(['add', '-A']);
      repo.git(['commit', '-q', '-m', 'initial']);
      mkfifo(join(repo.dir, file));
      expectConfigError(repo.keyguard(['scan', 'app.ini'], { timeout: TIMEOUT }), `${file} is not a regular file`);
      // `keyguard baseline` writes the baseline: its writer refuses the FIFO before anything reads it.
      const written = file.includes('baseline');
      expectConfigError(
        repo.keyguard(['baseline'], { timeout: TIMEOUT }),
        written
          ? `cannot write ${file}: ${file} is not a regular file; nothing was changed.`
          : `${file} is not a regular file`,
      );
    }));

  it('a FIFO as package.json: init stops at once with one line', () =>
    withRepo((repo) => {
      mkfifo(join(repo.dir, 'package.json'));
      const r = repo.keyguard(['init'], { timeout: TIMEOUT });
      expect(r.status, output(r)).toBe(2);
      expect(r.stderr).toBe(
        'keyguard: cannot write package.json: package.json is not a regular file; nothing was changed.\n',
      );
    }));

  it('a FIFO as .gitattributes: baseline stops at once with one line', () =>
    withRepo((repo) => {
      repo.write('app.ini', 'name = app\n');
      repo.git(['add', '-A']);
      mkfifo(join(repo.dir, '.gitattributes'));
      expectConfigError(
        repo.keyguard(['baseline'], { timeout: TIMEOUT }),
        'cannot write .gitattributes: .gitattributes is not a regular file; nothing was changed.',
      );
    }));

  /** A private file next to the repository (in its temporary directory), holding credentials. */
  function privateCredentials(repo: TestRepo): { path: string; pair: FakePair } {
    const pair = fakePair(rng);
    const path = join(dirname(repo.dir), 'home', '.aws', 'credentials');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `[default]\n${pairLines(pair)}`);
    return { path, pair };
  }

  it.each([
    ['.keyguard.json', {}],
    ['package.json', {}],
    ['.keyguard-baseline.json', {}],
    ['security/baseline.json', { baseline: 'security/baseline.json' }],
  ])('%s as a symlink to a file outside the repository is not read', (file, config) =>
    withRepo((repo) => {
      const secret = privateCredentials(repo);
      if (file !== '.keyguard.json' && Object.keys(config).length > 0)
        repo.write('.keyguard.json', `${JSON.stringify(config)}\n`);
      repo.write('app.ini', 'name = app\n');
      mkdirSync(dirname(join(repo.dir, file)), { recursive: true });
      symlinkSync(secret.path, join(repo.dir, file));
      repo.git(['add', '-A']);
      for (const args of [['scan', 'app.ini'], ['baseline']]) {
        const r = repo.keyguard(args, { timeout: TIMEOUT });
        // `keyguard baseline` writes the baseline: its writer refuses any symlink there before reading it.
        const written = args[0] === 'baseline' && file.includes('baseline');
        expectConfigError(
          r,
          written
            ? `cannot write ${file}: ${file} is a symlink, and keyguard writes nothing through one (it could lead outside this repository); nothing was changed.`
            : `${file} is a symlink to a file outside the repository`,
        );
        expectNoRunOf(r.stderr, secret.pair.secret);
      }
    }));

  it('a symlinked directory leading out of the repository is refused too', () =>
    withRepo((repo) => {
      const secret = privateCredentials(repo);
      repo.write('.keyguard.json', `${JSON.stringify({ baseline: 'aws/credentials' })}\n`);
      symlinkSync(dirname(secret.path), join(repo.dir, 'aws'));
      expectConfigError(
        repo.keyguard(['scan', '.keyguard.json'], { timeout: TIMEOUT }),
        'aws/credentials is a symlink to a file outside the repository',
      );
    }));

  it('package.json as a symlink out of the directory: init refuses it and leaves the target alone', () =>
    withRepo((repo) => {
      const outside = join(dirname(repo.dir), 'package.json');
      writeFileSync(outside, '{ "name": "elsewhere" }\n');
      symlinkSync(outside, join(repo.dir, 'package.json'));
      const r = repo.keyguard(['init'], { timeout: TIMEOUT });
      expect(r.status, output(r)).toBe(2);
      expect(r.stderr).toBe(
        'keyguard: cannot write package.json: package.json is a symlink, and keyguard writes nothing through one (it could lead outside this repository); nothing was changed.\n',
      );
      expect(readFileSync(outside, 'utf8')).toBe('{ "name": "elsewhere" }\n');
    }));

  it('a symlink to a file inside the repository is followed', () =>
    withRepo((repo) => {
      const pair = fakePair(rng);
      repo.write('config/keyguard.json', `${JSON.stringify({ ignorePaths: ['fixtures/'] })}\n`);
      symlinkSync(join('config', 'keyguard.json'), join(repo.dir, '.keyguard.json'));
      repo.write('fixtures/creds.ini', pairLines(pair));
      const r = repo.keyguard(['scan', '.'], { timeout: TIMEOUT });
      expect(r.status, output(r)).toBe(0);
    }));
});
