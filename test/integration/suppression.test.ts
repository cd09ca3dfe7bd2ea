// Suppression (docs/suppression.md): inline allow comments, the configuration and the baseline, each with a
// real repository, the hook installed by `keyguard install`, and real `git commit`s whose exit status is
// the verdict (0: committed, 1: blocked). The JSON report of `scan --staged` (what the hook would see)
// says which mechanism let a finding through and with which reason.
//
// Tests inside one describe share a repository and run in order (vitest runs a file's tests one after
// the other); each says what state it starts from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakePair, seededRandom, type FakePair } from '../support/fake-credentials.js';
import { createRepo, type RunResult, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(0x6a11);
const pairLines = (pair: FakePair) => `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
const filler = (n: number, prefix = 'setting') =>
  Array.from({ length: n }, (_, i) => `${prefix}_${i + 1} = ${i + 1}\n`).join('');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

interface ReportFinding {
  path: string;
  action: 'block' | 'warn';
  line: number;
  secretLine?: number;
  rule: string;
  masked: string;
  pairedWith?: string;
  fingerprint: string;
}
interface ReportSuppressed {
  path: string;
  line: number;
  rule: string;
  fingerprint: string;
  by: 'inline' | 'allow' | 'baseline' | 'rule-off';
  reason?: string;
}
interface Report {
  findings: ReportFinding[];
  skipped: { path: string; reason: string }[];
  suppressed: ReportSuppressed[];
}
interface BaselineFile {
  findings: { fingerprint: string; rule: string; path: string; reason: string }[];
}

/** A repository with keyguard linked into node_modules, the hook installed and one commit. */
function hookedRepo(): TestRepo {
  const repo = createRepo();
  try {
    linkKeyguard(repo.dir, { exclude: join(repo.dir, '.git', 'info', 'exclude') });
    const install = repo.keyguard(['install']);
    if (install.status !== 0) throw new Error(`keyguard install failed: ${install.stderr}`);
    repo.write('README.md', '# test repository\n');
    repo.git(['add', 'README.md']);
    repo.git(['commit', '-q', '-m', 'initial']);
    return repo;
  } catch (error) {
    repo.cleanup();
    throw error;
  }
}

/** One repository for a whole describe block. */
function sharedRepo(): { readonly repo: TestRepo } {
  const holder: { repo?: TestRepo } = {};
  beforeAll(() => {
    holder.repo = hookedRepo();
  });
  afterAll(() => holder.repo?.cleanup());
  return {
    get repo(): TestRepo {
      if (!holder.repo) throw new Error('repository not created');
      return holder.repo;
    },
  };
}

/** Back to the last commit: nothing staged, nothing untracked (node_modules is excluded, so it stays). */
function clean(repo: TestRepo): void {
  repo.git(['reset', '-q', '--hard']);
  repo.git(['clean', '-fdq']);
}

const output = (r: RunResult) => `status ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
/** Whitespace-normalized output: the pretty report wraps at 80 columns. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

function commit(repo: TestRepo, message: string, extra: readonly string[] = []): RunResult {
  return repo.tryGit(['commit', '-q', '-m', message, ...extra]);
}

function expectCommitted(r: RunResult): void {
  expect(r.status, `the commit should pass\n${output(r)}`).toBe(0);
}

function expectBlocked(r: RunResult): void {
  expect(r.status, `the commit should be blocked\n${output(r)}`).toBe(1);
  expect(r.stderr).toContain('Commit blocked');
}

/** `keyguard scan <args> --format json`: its exit status and the parsed report. */
function scanJson(repo: TestRepo, args: readonly string[] = ['--staged']): { status: number; report: Report } {
  const r = repo.keyguard(['scan', ...args, '--format', 'json']);
  if (r.status !== 0 && r.status !== 1) throw new Error(`keyguard scan failed\n${output(r)}`);
  return { status: r.status, report: JSON.parse(r.stdout) as Report };
}

function stage(repo: TestRepo, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) repo.write(path, text);
  repo.git(['add', '--', ...Object.keys(files)]);
}

/** An error the user must fix: exit 2, one line on stderr naming `mention`, nothing on stdout, no stack. */
function expectOneLineError(r: RunResult, mention: string): void {
  expect(r.status, output(r)).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toContain(mention);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
}

// ---------------------------------------------------------------------------------------------------

describe('1. inline: keyguard:allow in a comment allows that line', () => {
  const shared = sharedRepo();

  // On each key id line, the comment opener under test is the only one (no `;` before a `//`), so each
  // case shows that its own syntax works.
  const cases: Array<{ syntax: string; path: string; text: (p: FakePair) => string; reason?: string }> = [
    {
      syntax: '# keyguard:allow',
      path: 'inline/hash.ini',
      text: (p) => `aws_access_key_id = ${p.id}  # keyguard:allow\naws_secret_access_key = ${p.secret}\n`,
    },
    {
      syntax: '// keyguard:allow reason',
      path: 'inline/slashes.js',
      text: (p) =>
        `const awsAccessKeyId = '${p.id}' // keyguard:allow test fixture\nconst awsSecretAccessKey = '${p.secret}'\n`,
      reason: 'test fixture',
    },
    {
      syntax: '/* keyguard:allow */',
      path: 'inline/block.go',
      text: (p) => `awsAccessKeyID := "${p.id}" /* keyguard:allow */\nawsSecretAccessKey := "${p.secret}"\n`,
    },
    {
      syntax: '<!-- keyguard:allow -->',
      path: 'inline/page.html',
      text: (p) =>
        `<code>aws_access_key_id = ${p.id}</code> <!-- keyguard:allow docs sample -->\n<code>aws_secret_access_key = ${p.secret}</code>\n`,
      reason: 'docs sample',
    },
    {
      syntax: '-- keyguard:allow',
      path: 'inline/settings.lua',
      text: (p) =>
        `local aws_access_key_id = "${p.id}" -- keyguard:allow seed data\nlocal aws_secret_access_key = "${p.secret}"\n`,
      reason: 'seed data',
    },
    {
      syntax: '; keyguard:allow',
      path: 'inline/semicolon.ini',
      text: (p) => `aws_access_key_id = ${p.id} ; keyguard:allow\naws_secret_access_key = ${p.secret}\n`,
    },
    {
      syntax: '% keyguard:allow',
      path: 'inline/paper.tex',
      text: (p) =>
        `\\newcommand{\\awsaccesskeyid}{${p.id}} % keyguard:allow\n\\newcommand{\\awssecretaccesskey}{${p.secret}}\n`,
    },
    {
      syntax: 'REM keyguard:allow',
      path: 'inline/setup.bat',
      text: (p) => `set AWS_ACCESS_KEY_ID=${p.id} & REM keyguard:allow\nset AWS_SECRET_ACCESS_KEY=${p.secret}\n`,
    },
    {
      syntax: 'keyguard:allow-next-line on the line above',
      path: 'inline/next-line.yaml',
      text: (p) =>
        `# keyguard:allow-next-line rotated in 2019\naws_access_key_id: ${p.id}\naws_secret_access_key: ${p.secret}\n`,
      reason: 'rotated in 2019',
    },
  ];

  // One commit holds a file per comment syntax (one commit, one hook run: the suite runs on 2-core CI);
  // each syntax is still its own test, on its own entry of the staged scan's JSON report.
  let staged: { status: number; report: Report };
  let committed: RunResult;
  beforeAll(() => {
    const { repo } = shared;
    stage(repo, Object.fromEntries(cases.map(({ path, text }) => [path, text(fakePair(rng))])));
    staged = scanJson(repo);
    committed = commit(repo, 'one file per comment syntax');
  });

  it.each(cases)('$syntax: the JSON report names the allow and its reason', ({ path, reason }) => {
    const own = staged.report.suppressed.filter((s) => s.path === path);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ path, by: 'inline', rule: 'aws-credential-pair' });
    // Without a reason the field is left out: a comment's closing `*/` or `-->` is not a reason.
    expect(own[0]?.reason).toBe(reason);
    expect(staged.report.findings.filter((f) => f.path === path)).toEqual([]);
  });

  it('with every syntax, the scan exits 0 and the commit passes; the hook counts what it allowed', () => {
    expect(staged.status).toBe(0);
    expect(staged.report.suppressed).toHaveLength(cases.length);
    expectCommitted(committed);
    expect(flat(committed.stderr)).toContain(
      `Not reported: ${cases.length} findings allowed by keyguard:allow (--no-allow shows them).`,
    );
  });

  it('allows only its own line: a second key in the same file still blocks', () => {
    const { repo } = shared;
    clean(repo);
    const allowed = fakePair(rng);
    const other = fakePair(rng);
    const text =
      `aws_access_key_id = ${allowed.id}  # keyguard:allow fixture\naws_secret_access_key = ${allowed.secret}\n` +
      filler(8) +
      pairLines(other);
    stage(repo, { 'inline/two-keys.ini': text });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.line, f.secretLine])).toEqual([[11, 12]]);
    expect(report.suppressed.map((s) => [s.line, s.by, s.reason])).toEqual([[1, 'inline', 'fixture']]);
    expectBlocked(commit(repo, 'two keys'));
  });

  it('allow-next-line covers the next line only, not one further down', () => {
    const { repo } = shared;
    clean(repo);
    stage(repo, { 'inline/gap.ini': `# keyguard:allow-next-line\n\n${pairLines(fakePair(rng))}` });
    expectBlocked(commit(repo, 'gap'));
  });

  it('the marker outside a comment does not count', () => {
    const { repo } = shared;
    clean(repo);
    const p = fakePair(rng);
    stage(repo, {
      'inline/no-comment.ini': `aws_access_key_id = ${p.id} keyguard:allow\naws_secret_access_key = ${p.secret}\n`,
    });
    expectBlocked(commit(repo, 'no comment'));
  });

  it('--no-allow reports inline-allowed keys and exits 1, for the staged scan and a file scan', () => {
    const { repo } = shared;
    clean(repo);
    const p = fakePair(rng);
    stage(repo, {
      'inline/again.ini': `aws_access_key_id = ${p.id} # keyguard:allow\naws_secret_access_key = ${p.secret}\n`,
    });
    const staged = scanJson(repo, ['--staged', '--no-allow']);
    expect(staged.status).toBe(1);
    expect(staged.report.findings.map((f) => f.path)).toEqual(['inline/again.ini']);
    expect(staged.report.suppressed).toEqual([]);
    // The files committed by the tests above, read from disk: every one of them is reported.
    const files = scanJson(repo, ['inline', '--no-allow']);
    expect(files.status).toBe(1);
    expect(files.report.findings.length).toBeGreaterThanOrEqual(cases.length + 1);
    expect(files.report.suppressed).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('2. configuration: .keyguard.json or the "keyguard" key of package.json', () => {
  const shared = sharedRepo();

  it('allow: a regex matching the secret lets the commit pass; a key it does not match still blocks', () => {
    const { repo } = shared;
    clean(repo);
    const fixture = fakePair(rng);
    const config = { allow: [`^${escapeRegExp(fixture.secret.slice(0, 12))}`] };
    stage(repo, { '.keyguard.json': `${JSON.stringify(config, null, 2)}\n`, 'test/fixture.ini': pairLines(fixture) });
    const { report } = scanJson(repo);
    expect(report.suppressed.map((s) => [s.path, s.by])).toEqual([['test/fixture.ini', 'allow']]);
    expectCommitted(commit(repo, 'fixture with allow pattern'));

    stage(repo, { 'test/other.ini': pairLines(fakePair(rng)) });
    expectBlocked(commit(repo, 'another key'));
  });

  it('allow: a regex matching the key id also allows that key id when it comes with a secret', () => {
    const { repo } = shared;
    clean(repo);
    const fixture = fakePair(rng);
    const config = { allow: [`${escapeRegExp(fixture.id.slice(-6))}$`] };
    stage(repo, {
      '.keyguard.json': `${JSON.stringify(config)}\n`,
      'test/by-id.ini': pairLines(fixture),
      'test/id-only.txt': `id: ${fixture.id}\n`,
    });
    const { report } = scanJson(repo);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => [s.path, s.rule, s.by])).toEqual([
      ['test/by-id.ini', 'aws-credential-pair', 'allow'],
      ['test/id-only.txt', 'aws-access-key-id', 'allow'],
    ]);
    expectCommitted(commit(repo, 'fixture allowed by its key id'));
  });

  it('ignorePaths: gitignore-style globs (dir/, *.ext at any depth, /anchored) skip files, listed as ignored', () => {
    const { repo } = shared;
    clean(repo);
    const config = { ignorePaths: ['fixtures/', '*.env.example', '/anchored'] };
    const ignored = [
      'fixtures/a.ini',
      'test/fixtures/deep/b.ini',
      '.env.example',
      'config/prod.env.example',
      'anchored/c.ini',
    ];
    stage(repo, {
      '.keyguard.json': `${JSON.stringify(config)}\n`,
      ...Object.fromEntries(ignored.map((path) => [path, pairLines(fakePair(rng))])),
    });
    const { report } = scanJson(repo);
    expect(report.findings).toEqual([]);
    expect(
      report.skipped
        .filter((s) => s.reason === 'ignored')
        .map((s) => s.path)
        .sort(),
    ).toEqual([...ignored].sort());
    // A passing hook lists skipped files only when asked to be verbose.
    const committed = repo.tryGit(['commit', '-q', '-m', 'ignored fixtures'], { env: { KEYGUARD_VERBOSE: '1' } });
    expectCommitted(committed);
    expect(flat(committed.stderr)).toContain('in ignorePaths');

    // `/anchored` is the top-level directory only; `fixtures/` is not `fixtures-old/`.
    stage(repo, { 'lib/anchored/d.ini': pairLines(fakePair(rng)), 'fixtures-old/e.ini': pairLines(fakePair(rng)) });
    expect(scanJson(repo).report.findings.map((f) => f.path)).toEqual(['fixtures-old/e.ini', 'lib/anchored/d.ini']);
    expectBlocked(commit(repo, 'not ignored'));

    // A scan of files reads the same configuration from disk, with paths relative to the repository root.
    const files = scanJson(repo, ['.']);
    expect(
      files.report.skipped
        .filter((s) => s.reason === 'ignored')
        .map((s) => s.path)
        .sort(),
    ).toEqual([...ignored].sort());
    expect(files.report.findings.map((f) => f.path)).toEqual(
      expect.arrayContaining(['fixtures-old/e.ini', 'lib/anchored/d.ini']),
    );
    expect(files.report.findings.filter((f) => ignored.includes(f.path))).toEqual([]);
    const fromSub = repo.keyguard(['scan', '.', '--format', 'json'], { cwd: join(repo.dir, 'test') });
    expect((JSON.parse(fromSub.stdout) as Report).skipped.map((s) => s.path)).toEqual(['fixtures/deep/b.ini']);
  });

  it('rules off: the rule never blocks, even with --no-allow, and the report counts it', () => {
    const { repo } = shared;
    clean(repo);
    stage(repo, {
      '.keyguard.json': '{ "rules": { "aws-credential-pair": "off" } }\n',
      'off/pair.ini': pairLines(fakePair(rng)),
    });
    const { report } = scanJson(repo, ['--staged', '--no-allow']);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => s.by)).toEqual(['rule-off']);
    const committed = commit(repo, 'pair rule off');
    expectCommitted(committed);
    expect(flat(committed.stderr)).toContain('Not reported: 1 finding allowed by rules turned off.');
  });

  it('rules warn: the commit passes (exit 0) but the finding is printed, with action "warn" in JSON', () => {
    const { repo } = shared;
    clean(repo);
    stage(repo, {
      '.keyguard.json': '{ "rules": { "aws-credential-pair": "warn" } }\n',
      'warn/pair.ini': pairLines(fakePair(rng)),
    });
    const { status, report } = scanJson(repo);
    expect(status).toBe(0);
    expect(report.findings.map((f) => [f.path, f.action])).toEqual([['warn/pair.ini', 'warn']]);
    const committed = commit(repo, 'pair rule warn');
    expectCommitted(committed);
    expect(committed.stderr).toContain('Warnings only: not blocking.');
    expect(committed.stderr).toContain('warn/pair.ini');
    expect(committed.stderr).toContain('(warning)');

    // A rule that still blocks, beside the warning: the commit is blocked, each finding has its action.
    repo.write('.keyguard.json', '{ "rules": { "aws-credential-pair": "warn", "aws-access-key-id": "block" } }\n');
    stage(repo, { 'warn/more.ini': pairLines(fakePair(rng)), 'warn/id.txt': `key: ${fakePair(rng).id}\n` });
    repo.git(['add', '.keyguard.json']);
    const mixed = scanJson(repo);
    expect(mixed.status).toBe(1);
    expect(mixed.report.findings.map((f) => [f.path, f.action])).toEqual([
      ['warn/id.txt', 'block'],
      ['warn/more.ini', 'warn'],
    ]);
    expectBlocked(commit(repo, 'mixed'));
  });

  it('the "keyguard" key of package.json configures keyguard like .keyguard.json', () => {
    const { repo } = shared;
    clean(repo);
    repo.git(['rm', '-q', '--ignore-unmatch', '.keyguard.json']);
    const pkg = { name: 'app', version: '1.0.0', keyguard: { ignorePaths: ['samples/'] } };
    stage(repo, { 'package.json': `${JSON.stringify(pkg, null, 2)}\n`, 'samples/creds.ini': pairLines(fakePair(rng)) });
    expect(scanJson(repo).report.skipped).toEqual([{ path: 'samples/creds.ini', reason: 'ignored' }]);
    expectCommitted(commit(repo, 'config in package.json'));
  });

  it('both .keyguard.json and package.json "keyguard": exit 2, one line; the commit is blocked', () => {
    const { repo } = shared;
    clean(repo);
    stage(repo, { '.keyguard.json': '{}\n' });
    expectOneLineError(
      repo.keyguard(['scan', 'README.md']),
      'both .keyguard.json and the "keyguard" key of package.json',
    );
    expectOneLineError(repo.keyguard(['scan', '--staged']), 'keep one');
    const r = commit(repo, 'two configurations');
    expect(r.status, output(r)).toBe(1);
    expect(r.stderr).toContain('both .keyguard.json and the "keyguard" key of package.json');
  });

  const mistakes: Array<{ mistake: string; file: '.keyguard.json' | 'package.json'; text: string; mention: string }> = [
    { mistake: 'unknown key', file: '.keyguard.json', text: '{ "allowed": ["x"] }', mention: '"allowed"' },
    {
      mistake: 'unknown key in package.json',
      file: 'package.json',
      text: '{ "name": "a", "keyguard": { "ignore": [] } }',
      mention: 'package.json "keyguard": unknown key "ignore"',
    },
    {
      mistake: 'wrong type',
      file: '.keyguard.json',
      text: '{ "ignorePaths": "fixtures/" }',
      mention: '"ignorePaths" must be an array',
    },
    {
      mistake: 'wrong type of baseline',
      file: '.keyguard.json',
      text: '{ "baseline": 3 }',
      mention: '"baseline" must be',
    },
    {
      mistake: 'baseline outside the repository',
      file: '.keyguard.json',
      text: '{ "baseline": "../shared/known.json" }',
      mention: '"baseline" must be a path inside the repository',
    },
    {
      mistake: 'invalid regex',
      file: '.keyguard.json',
      text: '{ "allow": ["ok", "(unclosed"] }',
      mention: '"allow[1]" must be a valid regular expression',
    },
    {
      mistake: 'unknown rule',
      file: '.keyguard.json',
      text: '{ "rules": { "aws-magic-key": "off" } }',
      mention: '"rules.aws-magic-key" must be a known rule id',
    },
    {
      mistake: 'bad action',
      file: '.keyguard.json',
      text: '{ "rules": { "aws-session-token": "ignore" } }',
      mention: '"rules.aws-session-token" must be one of "block", "warn", "off"',
    },
    {
      mistake: 'invalid JSON',
      file: '.keyguard.json',
      text: '{ "allow": [ }',
      mention: '.keyguard.json: not valid JSON',
    },
    {
      mistake: 'invalid JSON in a package.json that configures keyguard',
      file: 'package.json',
      text: '{ "name": "a", "keyguard": {}, }',
      mention: 'package.json: not valid JSON',
    },
    {
      mistake: 'not an object',
      file: '.keyguard.json',
      text: '["fixtures/"]',
      mention: '.keyguard.json: "keyguard" must be an object',
    },
  ];

  /** Only `file`, holding `text`, configures keyguard: on disk and staged. */
  function configure(repo: TestRepo, file: string, text: string): void {
    clean(repo);
    repo.git(['rm', '-q', '--ignore-unmatch', '--cached', '.keyguard.json', 'package.json']);
    repo.git(['clean', '-fdq']);
    stage(repo, { [file]: `${text}\n` });
  }

  it.each(mistakes)('$mistake: exit 2 with one line that names it', ({ file, text, mention }) => {
    const { repo } = shared;
    configure(repo, file, text);
    expectOneLineError(repo.keyguard(['scan', 'README.md']), mention);
  });

  it('a package.json that is not valid JSON and does not configure keyguard is none of its business', () => {
    const { repo } = shared;
    configure(repo, 'package.json', '{ "name": "a", }');
    const r = repo.keyguard(['scan', 'README.md']);
    expect(r.status, output(r)).toBe(0);
    expect(repo.keyguard(['scan', '--staged']).status).toBe(0);
  });

  it('the staged scan reports a mistake in the staged configuration the same way', () => {
    const { repo } = shared;
    configure(repo, 'package.json', '{ "name": "a", "keyguard": { "allow": "fixtures" } }');
    repo.write('package.json', '{ "name": "a" }\n');
    expectOneLineError(
      repo.keyguard(['scan', '--staged']),
      'package.json "keyguard": "allow" must be an array of regular expressions',
    );
  });

  it('a configuration mistake blocks the commit: the hook says what to fix in one line', () => {
    const { repo } = shared;
    configure(repo, '.keyguard.json', '{ "rules": { "aws-credential-pair": "of" } }');
    const r = commit(repo, 'broken configuration');
    expect(r.status, output(r)).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(
        'cannot check this commit: .keyguard.json: "rules.aws-credential-pair" must be one of "block", "warn", "off"',
      ),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('2b. a staged scan reads the staged configuration; file scans read it from disk', () => {
  const shared = sharedRepo();
  let fixture: FakePair;
  let allowing: string;

  beforeAll(() => {
    fixture = fakePair(rng);
    allowing = `${JSON.stringify({ allow: [`^${escapeRegExp(fixture.secret.slice(0, 12))}`] })}\n`;
  });

  it('a configuration on disk that is not staged does not weaken the check', () => {
    const { repo } = shared;
    repo.write('.keyguard.json', allowing);
    stage(repo, { 'keys.ini': pairLines(fixture) });
    expectBlocked(commit(repo, 'unstaged config'));
    // keyguard scan <paths> reads the configuration on disk, so the same file passes there.
    const files = scanJson(repo, ['keys.ini']);
    expect(files.status).toBe(0);
    expect(files.report.suppressed.map((s) => s.by)).toEqual(['allow']);
  });

  it('the staged configuration applies', () => {
    const { repo } = shared;
    repo.git(['add', '.keyguard.json']);
    expectCommitted(commit(repo, 'staged config'));
  });

  it('a commit that drops the allow pattern from the staged config is checked without it', () => {
    const { repo } = shared;
    repo.git(['rm', '-q', '--cached', '.keyguard.json']);
    stage(repo, { 'more-keys.ini': pairLines(fixture) });
    expectBlocked(commit(repo, 'config removed from the index, still on disk'));
    clean(repo);
  });

  it('`git commit <path>` is checked with the committed configuration, `git commit -a` with the new one', () => {
    const { repo } = shared;
    repo.write('.keyguard.json', '{}\n');
    repo.write('keys.ini', `${pairLines(fixture)}; edited\n`);
    repo.git(['commit', '-q', '--no-verify', '-am', 'empty config']);
    const other = fakePair(rng);
    repo.write('keys.ini', pairLines(other));
    repo.write('.keyguard.json', `${JSON.stringify({ allow: [`^${escapeRegExp(other.secret.slice(0, 12))}`] })}\n`);
    // Only keys.ini goes into this commit (git builds a temporary index for the hook): still `{}`.
    expectBlocked(repo.tryGit(['commit', '-q', '-m', 'only keys.ini', 'keys.ini']));
    expectCommitted(repo.tryGit(['commit', '-q', '-a', '-m', 'keys.ini with its config']));
  });
});

// ---------------------------------------------------------------------------------------------------

describe('3. baseline: keyguard baseline records known findings by fingerprint', () => {
  const shared = sharedRepo();
  let legacy: FakePair;
  let notes: FakePair;
  let untracked: FakePair;
  const BASELINE = '.keyguard-baseline.json';
  const readBaseline = (repo: TestRepo) => readFileSync(join(repo.dir, BASELINE), 'utf8');
  const baselineEntries = (repo: TestRepo) => (JSON.parse(readBaseline(repo)) as BaselineFile).findings;

  beforeAll(() => {
    const { repo } = shared;
    legacy = fakePair(rng);
    notes = fakePair(rng);
    untracked = fakePair(rng);
    repo.write('config/legacy.ini', `[default]\n${filler(3)}${pairLines(legacy)}${filler(12, 'tail')}`);
    repo.write('docs/notes.md', `# notes\n\n${pairLines(notes)}`);
    repo.git(['add', '.']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'history that already holds keys']);
    repo.write('scratch.ini', pairLines(untracked));
  });

  it('records the findings of tracked files: fingerprint, rule, path, reason; no secret, no line number', () => {
    const { repo } = shared;
    const found = scanJson(repo, ['.']).report.findings;
    expect(found).toHaveLength(3);

    const r = repo.keyguard(['baseline', '--reason', 'rotated in 2021']);
    expect(r.status, output(r)).toBe(0);
    expect(r.stdout).toContain(`${BASELINE}: 2 entries (2 added, 0 removed)`);

    const text = readBaseline(repo);
    const entries = baselineEntries(repo);
    expect(entries).toEqual([
      {
        fingerprint: expect.stringMatching(/^[0-9a-f]{16,}$/),
        rule: 'aws-credential-pair',
        path: 'config/legacy.ini',
        reason: 'rotated in 2021',
      },
      {
        fingerprint: expect.stringMatching(/^[0-9a-f]{16,}$/),
        rule: 'aws-credential-pair',
        path: 'docs/notes.md',
        reason: 'rotated in 2021',
      },
    ]);
    // Untracked files are not part of the baseline.
    expect(text).not.toContain('scratch.ini');
    // One entry per line, and nothing worth stealing: no value, no prefix of one, no masked form.
    expect(text.split('\n').filter((l) => l.includes('"fingerprint"'))).toHaveLength(2);
    for (const pair of [legacy, notes]) {
      for (const value of [
        pair.id,
        pair.secret,
        pair.id.slice(0, 8),
        pair.secret.slice(0, 8),
        pair.id.slice(-8),
        pair.secret.slice(-8),
      ]) {
        expect(text).not.toContain(value);
      }
    }
    for (const f of found) {
      expect(text).not.toContain(f.masked);
      if (f.pairedWith) expect(text).not.toContain(f.pairedWith);
    }
    expect(text).not.toMatch(/"(line|column|secretLine|masked)"/);
    expect(readFileSync(join(repo.dir, '.gitattributes'), 'utf8')).toContain(`/${BASELINE} merge=union`);
    expect(repo.git(['check-attr', 'merge', '--', BASELINE]).trim()).toBe(`${BASELINE}: merge: union`);
  });

  it('the baseline counts only once it is staged, like the configuration', () => {
    const { repo } = shared;
    repo.write(
      'config/legacy.ini',
      `[default]\n${filler(3)}aws_access_key_id = ${legacy.id}  ; in use until 2021\naws_secret_access_key = ${legacy.secret}\n${filler(12, 'tail')}`,
    );
    repo.git(['add', 'config/legacy.ini']);
    expectBlocked(commit(repo, 'edit before the baseline is staged'));
    repo.git(['add', BASELINE, '.gitattributes']);
    const { report } = scanJson(repo);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => [s.path, s.by])).toEqual([['config/legacy.ini', 'baseline']]);
    expectCommitted(commit(repo, 'baseline'));
  });

  it('editing around the line and the line itself keeps it baselined', () => {
    const { repo } = shared;
    repo.write(
      'config/legacy.ini',
      `[default]\nregion = eu-west-1\n${filler(3)}output = json\nAWS_ACCESS_KEY_ID=${legacy.id}\nAWS_SECRET_ACCESS_KEY=${legacy.secret}\n${filler(12, 'tail')}more = 1\n`,
    );
    repo.git(['add', 'config/legacy.ini']);
    const { report } = scanJson(repo);
    expect(report.suppressed.map((s) => [s.path, s.line, s.by])).toEqual([['config/legacy.ini', 7, 'baseline']]);
    expectCommitted(commit(repo, 'edit around the key'));
  });

  it('moving the lines within the file keeps it baselined', () => {
    const { repo } = shared;
    // From the top to the bottom, past more lines than it has: git records the key's lines as added.
    repo.write(
      'config/legacy.ini',
      `[default]\nregion = eu-west-1\n${filler(3)}output = json\n${filler(12, 'tail')}more = 1\n${pairLines(legacy)}`,
    );
    repo.git(['add', 'config/legacy.ini']);
    const { report } = scanJson(repo);
    expect(report.suppressed.map((s) => [s.line, s.by])).toEqual([[20, 'baseline']]);
    expectCommitted(commit(repo, 'move the key down'));
  });

  it('renaming the file (git mv, and an edit of the baselined line) keeps it baselined', () => {
    const { repo } = shared;
    repo.git(['mv', 'config/legacy.ini', 'config/old-account.ini']);
    const text = readFileSync(join(repo.dir, 'config/old-account.ini'), 'utf8').replace(
      'aws_access_key_id =',
      'aws_access_key_id  =',
    );
    stage(repo, { 'config/old-account.ini': text });
    expect(repo.git(['diff', '--cached', '--name-status', '-M'])).toMatch(
      /^R\d+\tconfig\/legacy\.ini\tconfig\/old-account\.ini$/m,
    );
    const { report } = scanJson(repo);
    expect(report.suppressed.map((s) => [s.path, s.by])).toEqual([['config/old-account.ini', 'baseline']]);
    expectCommitted(commit(repo, 'rename'));
  });

  it('after a rename, `keyguard baseline` moves the entry to the new path and keeps its reason', () => {
    const { repo } = shared;
    const r = repo.keyguard(['baseline']);
    expect(r.status, output(r)).toBe(0);
    expect(baselineEntries(repo).map((e) => [e.path, e.reason])).toEqual([
      ['config/old-account.ini', 'rotated in 2021'],
      ['docs/notes.md', 'rotated in 2021'],
    ]);
    repo.git(['add', BASELINE]);
    expectCommitted(commit(repo, 'baseline follows the rename'));
  });

  it('the same secret pasted into a second file still blocks', () => {
    const { repo } = shared;
    stage(repo, { 'deploy/copy.env': `AWS_ACCESS_KEY_ID=${legacy.id}\nAWS_SECRET_ACCESS_KEY=${legacy.secret}\n` });
    expectBlocked(commit(repo, 'paste the key elsewhere'));
  });

  it('unless the entry was written with --anywhere ("path": "*")', () => {
    const { repo } = shared;
    // deploy/copy.env is staged, so it is tracked: the baseline sees it.
    const r = repo.keyguard(['baseline', '--anywhere', '--reason', 'shared test account']);
    expect(r.status, output(r)).toBe(0);
    expect(r.stdout).toContain('(1 added, 0 removed)');
    const entries = baselineEntries(repo);
    expect(entries.filter((e) => e.path === '*').map((e) => e.reason)).toEqual(['shared test account']);
    // Existing entries and their reasons are kept.
    expect(entries.filter((e) => e.path !== '*').map((e) => [e.path, e.reason])).toEqual([
      ['config/old-account.ini', 'rotated in 2021'],
      ['docs/notes.md', 'rotated in 2021'],
    ]);
    repo.git(['add', BASELINE]);
    expectCommitted(commit(repo, 'key baselined anywhere'));
    stage(repo, { 'deploy/third.env': `AWS_ACCESS_KEY_ID=${legacy.id}\nAWS_SECRET_ACCESS_KEY=${legacy.secret}\n` });
    expectCommitted(commit(repo, 'and a third copy'));
  });

  it('--prune with paths drops only entries under those paths', () => {
    const { repo } = shared;
    repo.write('docs/notes.md', '# notes\n\nKeys live in the vault now.\n');
    repo.git(['commit', '-q', '-am', 'remove the key from the notes']);
    const r = repo.keyguard(['baseline', '--prune', 'config']);
    expect(r.status, output(r)).toBe(0);
    expect(r.stdout).toContain('(0 added, 0 removed)');
    expect(baselineEntries(repo).map((e) => e.path)).toEqual(['*', 'config/old-account.ini', 'docs/notes.md']);
  });

  it('--prune drops the entries that match nothing any more, and adds nothing', () => {
    const { repo } = shared;
    const r = repo.keyguard(['baseline', '--prune']);
    expect(r.status, output(r)).toBe(0);
    expect(r.stdout).toContain('(0 added, 1 removed)');
    expect(baselineEntries(repo).map((e) => e.path)).toEqual(['*', 'config/old-account.ini']);
    repo.git(['add', BASELINE]);
    expectCommitted(commit(repo, 'prune'));
    // The key the pruned entry covered is blocked again if it comes back.
    stage(repo, { 'docs/notes.md': `# notes\n\n${pairLines(notes)}` });
    expectBlocked(commit(repo, 'the old key is back'));
    clean(repo);
  });

  it('a baseline reformatted by a JSON formatter (one key per line) still loads', () => {
    const { repo } = shared;
    const before = baselineEntries(repo);
    repo.write(BASELINE, `${JSON.stringify(JSON.parse(readBaseline(repo)), null, 2)}\n`);
    repo.git(['commit', '-q', '-am', 'prettier ran on the baseline']);
    stage(repo, { 'config/old-account.ini': `${pairLines(legacy)}# reformatted\n` });
    const scanned = scanJson(repo);
    expect(scanned.status).toBe(0);
    expect(scanned.report.suppressed.map((s) => s.by)).toEqual(['baseline']);
    // `keyguard baseline` writes it back one entry per line.
    expect(repo.keyguard(['baseline']).status).toBe(0);
    expect(baselineEntries(repo)).toEqual(before);
    expect(
      readBaseline(repo)
        .split('\n')
        .filter((l) => l.includes('"fingerprint"')),
    ).toHaveLength(before.length);
    clean(repo);
  });

  it('"baseline" in the configuration moves the file; a ./ prefix still gets merge=union', () => {
    const { repo } = shared;
    stage(repo, { '.keyguard.json': '{ "baseline": "./security/known-keys.json" }\n' });
    const r = repo.keyguard(['baseline']);
    expect(r.status, output(r)).toBe(0);
    expect(r.stdout).toContain('security/known-keys.json: ');
    expect(repo.git(['check-attr', 'merge', '--', 'security/known-keys.json']).trim()).toBe(
      'security/known-keys.json: merge: union',
    );
    repo.git(['add', '.']);
    const { report } = scanJson(repo);
    expect(report.findings).toEqual([]);
    expectCommitted(commit(repo, 'baseline moved'));
    stage(repo, { 'config/old-account.ini': `${pairLines(legacy)}# rewritten\n` });
    expect(scanJson(repo).report.suppressed.map((s) => s.by)).toEqual(['baseline']);
    expectCommitted(commit(repo, 'rewrite with the moved baseline'));
  });
});

// ---------------------------------------------------------------------------------------------------

describe('3b. two branches that both add baseline entries merge without a conflict', () => {
  const shared = sharedRepo();

  it('each branch records its own finding; the merge keeps both, and both are honoured', () => {
    const { repo } = shared;
    const one = fakePair(rng);
    const two = fakePair(rng);
    const branch = (name: string, path: string, pair: FakePair) => {
      repo.git(['checkout', '-q', '-b', name, 'main']);
      stage(repo, { [path]: pairLines(pair) });
      expectBlocked(commit(repo, `add ${path}`));
      // The file is staged, so tracked: recorded, then committed through the hook.
      expect(repo.keyguard(['baseline', '--reason', `known on ${name}`]).status).toBe(0);
      repo.git(['add', '.keyguard-baseline.json', '.gitattributes']);
      expectCommitted(commit(repo, `add ${path}, baselined`));
    };
    branch('one', 'one/creds.ini', one);
    branch('two', 'two/creds.ini', two);
    // main moves on too, so both merges are real three-way merges (the hook runs as pre-merge-commit).
    repo.git(['checkout', '-q', 'main']);
    stage(repo, { 'CHANGELOG.md': '# changes\n' });
    expectCommitted(commit(repo, 'main moves'));

    for (const name of ['one', 'two']) {
      const merged = repo.tryGit(['merge', '--no-ff', '--no-edit', name]);
      expect(merged.status, output(merged)).toBe(0);
    }
    expect(repo.git(['diff', '--name-only', '--diff-filter=U'])).toBe('');
    const text = readFileSync(join(repo.dir, '.keyguard-baseline.json'), 'utf8');
    expect(text).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    expect(
      text
        .split('\n')
        .filter((l) => l.includes('"fingerprint"'))
        .map((l) => (JSON.parse(l.replace(/,\s*$/, '')) as { path: string }).path),
    ).toEqual(['one/creds.ini', 'two/creds.ini']);

    // Both entries are honoured: by a scan of the files, and by a commit that edits both keys' lines.
    const files = scanJson(repo, ['one', 'two']);
    expect(files.status).toBe(0);
    expect(files.report.suppressed.map((s) => [s.path, s.by])).toEqual([
      ['one/creds.ini', 'baseline'],
      ['two/creds.ini', 'baseline'],
    ]);
    stage(repo, {
      'one/creds.ini': `[one]\n${pairLines(one).replace(' = ', '=')}`,
      'two/creds.ini': `[two]\n${pairLines(two).replace(' = ', '=')}`,
    });
    expect(scanJson(repo).report.suppressed.map((s) => [s.path, s.by])).toEqual([
      ['one/creds.ini', 'baseline'],
      ['two/creds.ini', 'baseline'],
    ]);
    expectCommitted(commit(repo, 'edit both'));

    // The next `keyguard baseline` writes valid JSON again (the union merge left a comma out).
    expect(repo.keyguard(['baseline']).status).toBe(0);
    const rewritten = JSON.parse(readFileSync(join(repo.dir, '.keyguard-baseline.json'), 'utf8')) as BaselineFile;
    expect(rewritten.findings.map((e) => [e.path, e.reason])).toEqual([
      ['one/creds.ini', 'known on one'],
      ['two/creds.ini', 'known on two'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('4. suppression is visible, never silent', () => {
  const shared = sharedRepo();

  it('the report says how many findings were allowed and by what; --no-allow shows them all and blocks', () => {
    const { repo } = shared;
    const known = fakePair(rng);
    repo.write('a-known.ini', pairLines(known));
    repo.git(['add', 'a-known.ini']);
    expect(repo.keyguard(['baseline']).status).toBe(0);
    repo.git(['add', '.']);
    expectCommitted(commit(repo, 'known key, baselined'));

    const [p1, p2] = [fakePair(rng), fakePair(rng)];
    stage(repo, {
      'a-known.ini': `[default]\n${pairLines(known).replace(/ = /g, '=')}`,
      'b-fixtures.ini': `aws_access_key_id = ${p1.id} # keyguard:allow\naws_secret_access_key = ${p1.secret}\n${filler(6)}; keyguard:allow-next-line\naws_access_key_id = ${p2.id}\naws_secret_access_key = ${p2.secret}\n`,
    });

    const noAllow = repo.keyguard(['scan', '--staged', '--no-allow']);
    expect(noAllow.status, output(noAllow)).toBe(1);
    expect(noAllow.stdout).toContain('3 AWS credentials in 2 files. Commit blocked.');
    expect(noAllow.stdout).not.toContain('Not reported');

    const committed = commit(repo, 'fixtures');
    expectCommitted(committed);
    expect(flat(committed.stderr)).toContain(
      'Not reported: 1 finding allowed by the baseline, 2 by keyguard:allow (--no-allow shows them).',
    );
    // The same count in a scan of the files, and in every format.
    const pretty = repo.keyguard(['scan', 'a-known.ini', 'b-fixtures.ini']);
    expect(pretty.status).toBe(0);
    expect(flat(pretty.stdout)).toContain('Not reported: 1 finding allowed by the baseline, 2 by keyguard:allow');
    expect(scanJson(repo, ['a-known.ini', 'b-fixtures.ini']).report.suppressed.map((s) => s.by)).toEqual([
      'baseline',
      'inline',
      'inline',
    ]);
    const sarif = JSON.parse(repo.keyguard(['scan', '--format', 'sarif', 'a-known.ini', 'b-fixtures.ini']).stdout) as {
      runs: { results: { suppressions?: unknown[] }[] }[];
    };
    expect(sarif.runs[0]?.results.filter((r) => r.suppressions && r.suppressions.length > 0)).toHaveLength(3);
    const all = repo.keyguard(['scan', '--no-allow', 'a-known.ini', 'b-fixtures.ini']);
    expect(all.status).toBe(1);
    expect(all.stdout).toContain('3 AWS credentials in 2 files.');
  });
});
