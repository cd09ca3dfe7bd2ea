// Files that used to go through although they add a key: UTF-16 text, text with NUL bytes and binaries
// that embed a key, copies of ignored or baselined files, files that only start like an LFS pointer, and
// symlinks whose target is a key. Each through a real `git commit` with a hook running the built CLI,
// and each with a look-alike that holds no credential and must pass; `scan <file>` and `scan --history`
// are checked on the same contents.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fakeAccessKeyId,
  fakePair,
  fakeSessionToken,
  randomString,
  seededRandom,
  type FakePair,
  type Rng,
} from '../support/fake-credentials.js';
import { createRepo, writeScanHooks, type RunResult, type TestRepo } from '../support/git-repo.js';

const rng = seededRandom(0x16b17);

interface ReportFinding {
  path: string;
  line: number;
  column: number;
  secretLine?: number;
  rule: string;
}
interface Report {
  findings: ReportFinding[];
  skipped: { path: string; reason: string }[];
  binaryScanned?: { path: string }[];
}

/** An INI file whose key pair is on lines 3 and 4. */
const iniWith = (pair: FakePair) =>
  `[default]\nregion = eu-west-1\naws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
/** The same layout with values that are no credential: an IAM unique id and a SHA-1. */
const iniWithout = (r: Rng) =>
  `[default]\nregion = eu-west-1\naws_access_key_id = ${['AI', 'DA'].join('')}${randomString(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}\naws_secret_access_key = ${randomString(r, '0123456789abcdef', 40)}\n`;

const utf16le = (text: string, bom = true) =>
  Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

function randomBytes(r: Rng, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(r() * 256);
  return bytes;
}

/** Random bytes with `text` (ASCII, NUL-separated parts) at `offset`. */
function embedded(r: Rng, text: string, offset = 5000, length = 64 * 1024): Buffer {
  const bytes = randomBytes(r, length);
  // NUL around the text: where it starts and ends is not up to the random bytes next to it.
  Buffer.from(`\0${text}\0`, 'latin1').copy(bytes, offset - 1);
  return bytes;
}

const LFS_HEAD = `version https://git-lfs.github.com/spec/v1\noid sha256:${'3c'.repeat(32)}\nsize 52428\n`;

function hookedRepo(): TestRepo {
  const repo = createRepo();
  writeScanHooks(join(repo.dir, '.git', 'hooks'), { args: ['scan', '--staged', '--format', 'json'] });
  repo.write('README.md', '# test\n');
  repo.git(['add', '.']);
  repo.git(['commit', '-q', '--no-verify', '-m', 'init']);
  return repo;
}

async function withHooked(fn: (repo: TestRepo) => void): Promise<void> {
  const repo = hookedRepo();
  try {
    fn(repo);
  } finally {
    repo.cleanup();
  }
}

function report(run: RunResult, where: 'stdout' | 'stderr' = 'stderr'): Report {
  const text = run[where];
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end === -1) throw new Error(`no JSON report:\n${run.stderr}\n${run.stdout}`);
  return JSON.parse(text.slice(start, end + 1)) as Report;
}

/** Commits `files` through the hook; the run and the hook's report. */
function commit(
  repo: TestRepo,
  files: Record<string, string | Buffer>,
  message = 'change',
): { run: RunResult; report: Report } {
  for (const [path, content] of Object.entries(files)) repo.write(path, content);
  repo.git(['add', '--', ...Object.keys(files)]);
  const run = repo.tryGit(['commit', '-m', message]);
  return { run, report: report(run) };
}

function expectBlocked(result: { run: RunResult; report: Report }): Report {
  expect(result.run.status, result.run.stderr).toBe(1);
  return result.report;
}

function expectPassed(result: { run: RunResult; report: Report }): Report {
  expect(result.run.status, result.run.stderr).toBe(0);
  expect(result.report.findings).toEqual([]);
  return result.report;
}

/** `keyguard scan <path>` and `keyguard scan --history` on a repository holding `files` in one commit. */
function otherModes(files: Record<string, string | Buffer>): {
  paths: Report;
  history: Report;
  status: [number, number];
} {
  const repo = createRepo();
  try {
    for (const [path, content] of Object.entries(files)) repo.write(path, content);
    repo.git(['add', '.']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'one']);
    const paths = repo.keyguard(['scan', '--format', 'json', ...Object.keys(files)]);
    const history = repo.keyguard(['scan', '--history', '--format', 'json']);
    return {
      paths: report(paths, 'stdout'),
      history: report(history, 'stdout'),
      status: [paths.status, history.status],
    };
  } finally {
    repo.cleanup();
  }
}

describe('1. UTF-16 text', () => {
  const variants: Array<[string, (text: string) => Buffer]> = [
    ['UTF-16LE with a BOM (PowerShell 5 `>`, Out-File)', (t) => utf16le(t)],
    ['UTF-16LE without a BOM', (t) => utf16le(t, false)],
    ['UTF-16BE with a BOM', utf16be],
  ];

  it.each(variants)('%s: a committed key pair blocks, at the line an editor shows', (_, encode) =>
    withHooked((repo) => {
      const found = expectBlocked(commit(repo, { 'deploy/creds.ini': encode(iniWith(fakePair(rng))) }));
      expect(found.findings).toMatchObject([
        { path: 'deploy/creds.ini', rule: 'aws-credential-pair', line: 3, column: 21, secretLine: 4 },
      ]);
    }));

  it.each(variants)('%s: the same file without a credential passes', (_, encode) =>
    withHooked((repo) => {
      expectPassed(commit(repo, { 'deploy/creds.ini': encode(iniWithout(rng)) }));
    }));

  it('only added lines count: an edit near a committed key passes, a key added to the file blocks', () =>
    withHooked((repo) => {
      const pair = fakePair(rng);
      repo.write('creds.ini', utf16le(iniWith(pair)));
      repo.git(['add', '.']);
      repo.git(['commit', '-q', '--no-verify', '-m', 'legacy']);
      expectPassed(commit(repo, { 'creds.ini': utf16le(`${iniWith(pair)}output = json\n`) }));
      const found = expectBlocked(
        commit(repo, {
          'creds.ini': utf16le(
            `${iniWith(pair)}output = json\n[ci]\n${iniWith(fakePair(rng)).split('\n').slice(2).join('\n')}`,
          ),
        }),
      );
      expect(found.findings.map((f) => [f.rule, f.line])).toEqual([['aws-credential-pair', 7]]);
    }));

  it('scan <file> and scan --history read it too', () => {
    const { paths, history, status } = otherModes({
      'creds.ini': utf16le(iniWith(fakePair(rng))),
      'clean.ini': utf16le(iniWithout(rng)),
    });
    expect(status).toEqual([1, 1]);
    expect(paths.findings.map((f) => [f.path, f.line])).toEqual([['creds.ini', 3]]);
    expect(history.findings.map((f) => [f.path, f.line])).toEqual([['creds.ini', 3]]);
  });
});

describe('2. NUL bytes: text with a few, and binaries', () => {
  const truncatedLog = (secretLine: string) =>
    Buffer.concat([
      Buffer.alloc(20_000),
      Buffer.from(`2024-05-01 start\n2024-05-01 env ${secretLine}\n2024-05-01 done\n`),
    ]);

  it('a log truncated under its writer (thousands of NULs first) is read as text, with all rules', () =>
    withHooked((repo) => {
      const secret = fakePair(rng).secret;
      const found = expectBlocked(commit(repo, { 'logs/app.log': truncatedLog(`AWS_SECRET_ACCESS_KEY=${secret}`) }));
      expect(found.findings).toMatchObject([{ path: 'logs/app.log', rule: 'aws-secret-access-key', line: 2 }]);
    }));

  it('the same log with no credential passes', () =>
    withHooked((repo) => {
      expectPassed(
        commit(repo, {
          'logs/app.log': truncatedLog(`AWS_SECRET_ACCESS_KEY=${randomString(rng, '0123456789abcdef', 40)}`),
        }),
      );
    }));

  it('a binary that embeds a key pair blocks, located by byte offset, and the report says how it was read', () =>
    withHooked((repo) => {
      const pair = fakePair(rng);
      const label = 'aws_access_key_id=';
      const found = expectBlocked(
        commit(repo, {
          'data/app.sqlite': embedded(rng, `${label}${pair.id}\0\0aws_secret_access_key=${pair.secret}`, 5000),
        }),
      );
      expect(found.findings).toMatchObject([
        { path: 'data/app.sqlite', rule: 'aws-credential-pair', line: 1, column: 5000 + label.length + 1 },
      ]);
      expect(found.binaryScanned).toEqual([{ path: 'data/app.sqlite' }]);
    }));

  it('a key pair deep inside a big binary (past every piece the screen saw unheld) blocks, at its byte offset', () =>
    withHooked((repo) => {
      const pair = fakePair(rng);
      const label = 'aws_access_key_id=';
      const at = 3 * 1024 * 1024;
      const found = expectBlocked(
        commit(repo, {
          'data/big.db': embedded(rng, `${label}${pair.id}\0aws_secret_access_key=${pair.secret}`, at, 4 * 1024 * 1024),
        }),
      );
      expect(found.findings).toMatchObject([
        { path: 'data/big.db', rule: 'aws-credential-pair', line: 1, column: at + label.length + 1 },
      ]);
    }));

  it('a binary that embeds a session token with its keyword blocks', () =>
    withHooked((repo) => {
      const found = expectBlocked(
        commit(repo, { 'build/app.pyc': embedded(rng, `AWS_SESSION_TOKEN\0\0\0${fakeSessionToken(rng)}`, 900) }),
      );
      expect(found.findings.map((f) => f.rule)).toEqual(['aws-session-token']);
    }));

  it('a binary with no credential, or with a lone key id or a lone 40-character string, passes', () =>
    withHooked((repo) => {
      const lone = `${fakeAccessKeyId(rng)}${'\0'.repeat(3000)}aws_secret_access_key=${fakePair(rng).secret}`;
      const look = `aws_access_key_id=${iniWithout(rng).split('\n')[2]?.split(' = ')[1]}\0aws_secret_access_key=${randomString(rng, '0123456789abcdef', 40)}`;
      const passed = expectPassed(
        commit(repo, {
          'a.bin': embedded(rng, lone),
          'b.bin': embedded(rng, look),
          'c.bin': randomBytes(rng, 200_000),
        }),
      );
      expect(passed.binaryScanned?.map((f) => f.path)).toEqual(['a.bin', 'b.bin', 'c.bin']);
      expect(passed.skipped).toEqual([]);
    }));

  it('scan <file> and scan --history read them too', () => {
    const pair = fakePair(rng);
    const { paths, history, status } = otherModes({
      'app.db': embedded(rng, `aws_access_key_id=${pair.id}\0aws_secret_access_key=${pair.secret}`, 4096),
      'app.log': truncatedLog(`AWS_SECRET_ACCESS_KEY=${fakePair(rng).secret}`),
      'noise.bin': randomBytes(rng, 100_000),
    });
    expect(status).toEqual([1, 1]);
    for (const r of [paths, history]) {
      expect(r.findings.map((f) => [f.path, f.rule, f.line])).toEqual([
        ['app.db', 'aws-credential-pair', 1],
        ['app.log', 'aws-secret-access-key', 2],
      ]);
      expect(r.binaryScanned?.map((f) => f.path)).toEqual(['app.db', 'noise.bin']);
    }
  });
});

describe('3. copies add their lines; renames move them', () => {
  const fixture = (pair: FakePair) =>
    `# test fixture\nAWS_ACCESS_KEY_ID=${pair.id}\nAWS_SECRET_ACCESS_KEY=${pair.secret}\nREGION=eu-west-1\n`;

  function repoWith(files: Record<string, string>): TestRepo {
    const repo = hookedRepo();
    for (const [path, content] of Object.entries(files)) repo.write(path, content);
    repo.git(['add', '.']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'setup']);
    return repo;
  }

  it('a key copied from an ignorePaths fixture into config/prod.env (one line edited) blocks', () => {
    const pair = fakePair(rng);
    const repo = repoWith({
      '.keyguard.json': '{ "ignorePaths": ["test/fixtures/**"] }',
      'test/fixtures/x.env': fixture(pair),
    });
    try {
      // git reports a copy only when its source changes in the same commit.
      const found = expectBlocked(
        commit(repo, {
          'test/fixtures/x.env': `${fixture(pair)}DEBUG=1\n`,
          'config/prod.env': fixture(pair).replace('REGION=eu-west-1', 'REGION=us-east-1'),
        }),
      );
      expect(found.findings.map((f) => [f.path, f.rule, f.line])).toEqual([
        ['config/prod.env', 'aws-credential-pair', 2],
      ]);
    } finally {
      repo.cleanup();
    }
  });

  it('the same copy of a fixture with no credential passes', () => {
    const repo = repoWith({
      '.keyguard.json': '{ "ignorePaths": ["test/fixtures/**"] }',
      'test/fixtures/x.env': iniWithout(rng),
    });
    try {
      const text = iniWithout(rng);
      repo.write('test/fixtures/x.env', text);
      expectPassed(
        commit(repo, {
          'test/fixtures/x.env': `${text}debug = 1\n`,
          'config/prod.env': text.replace('eu-west-1', 'us-east-1'),
        }),
      );
    } finally {
      repo.cleanup();
    }
  });

  it('a baselined file copied to a new path (one line edited) blocks; a plain rename of it passes', () => {
    const pair = fakePair(rng);
    const repo = repoWith({ 'deploy/a.env': fixture(pair) });
    try {
      const baseline = repo.keyguard(['baseline']);
      expect(baseline.status, baseline.stderr).toBe(0);
      repo.git(['add', '.']);
      repo.git(['commit', '-q', '--no-verify', '-m', 'baseline']);
      const copied = {
        'deploy/a.env': `${fixture(pair)}DEBUG=1\n`,
        'deploy/b.env': fixture(pair).replace('eu-west-1', 'us-east-1'),
      };
      const found = expectBlocked(commit(repo, copied));
      expect(found.findings.map((f) => [f.path, f.line])).toEqual([['deploy/b.env', 2]]);
      repo.git(['reset', '-q', '--hard']);
      repo.git(['clean', '-qfd']);
      repo.git(['mv', 'deploy/a.env', 'deploy/renamed.env']);
      const run = repo.tryGit(['commit', '-m', 'rename']);
      expect(run.status, run.stderr).toBe(0);
      expect(report(run).findings).toEqual([]);
    } finally {
      repo.cleanup();
    }
  });

  it('scan --history reports the copy at the commit that made it', () => {
    const pair = fakePair(rng);
    const repo = repoWith({
      '.keyguard.json': '{ "ignorePaths": ["test/fixtures/**"] }',
      'test/fixtures/x.env': fixture(pair),
    });
    try {
      repo.write('test/fixtures/x.env', `${fixture(pair)}DEBUG=1\n`);
      repo.write('config/prod.env', fixture(pair));
      repo.git(['add', '.']);
      repo.git(['commit', '-q', '--no-verify', '-m', 'copy']);
      const run = repo.keyguard(['scan', '--history', '--format', 'json']);
      expect(run.status).toBe(1);
      expect(report(run, 'stdout').findings.map((f) => [f.path, f.line])).toEqual([['config/prod.env', 2]]);
    } finally {
      repo.cleanup();
    }
  });
});

describe('4. LFS pointers are exact; symlink targets are text', () => {
  it('a file that starts like an LFS pointer but holds keys below blocks', () =>
    withHooked((repo) => {
      const found = expectBlocked(commit(repo, { 'model.bin': `${LFS_HEAD}${iniWith(fakePair(rng))}` }));
      expect(found.findings.map((f) => [f.rule, f.line])).toEqual([['aws-credential-pair', 6]]);
    }));

  it('a valid pointer (with an extension line) is skipped as one', () =>
    withHooked((repo) => {
      const pointer = `version https://git-lfs.github.com/spec/v1\next-0-foo sha256:${'ab'.repeat(32)}\noid sha256:${'3c'.repeat(32)}\nsize 52428\n`;
      const passed = expectPassed(commit(repo, { 'model.bin': pointer, 'plain.bin': LFS_HEAD }));
      expect(passed.skipped).toEqual([
        { path: 'model.bin', reason: 'lfs-pointer' },
        { path: 'plain.bin', reason: 'lfs-pointer' },
      ]);
    }));

  it('a symlink whose target is a key blocks (the link is not followed)', () =>
    withHooked((repo) => {
      symlinkSync(`../secrets/${fakeAccessKeyId(rng)}`, join(repo.dir, 'link'));
      repo.git(['add', 'link']);
      const run = repo.tryGit(['commit', '-m', 'link']);
      const found = expectBlocked({ run, report: report(run) });
      expect(found.findings.map((f) => [f.path, f.rule, f.line])).toEqual([['link', 'aws-access-key-id', 1]]);
    }));

  it('a symlink to an ordinary path passes', () =>
    withHooked((repo) => {
      symlinkSync('../shared/config/ACCESS_KEY_ROTATION_POLICY.md', join(repo.dir, 'link'));
      repo.git(['add', 'link']);
      const run = repo.tryGit(['commit', '-m', 'link']);
      expect(run.status, run.stderr).toBe(0);
      expect(report(run).findings).toEqual([]);
    }));

  it('scan --history and scan <file> read them too', () => {
    const repo = createRepo();
    try {
      symlinkSync(`../secrets/${fakeAccessKeyId(rng)}`, join(repo.dir, 'link'));
      repo.write('model.bin', `${LFS_HEAD}${iniWith(fakePair(rng))}`);
      repo.git(['add', '.']);
      repo.git(['commit', '-q', '--no-verify', '-m', 'one']);
      const history = repo.keyguard(['scan', '--history', '--format', 'json']);
      expect(history.status).toBe(1);
      expect(report(history, 'stdout').findings.map((f) => [f.path, f.rule])).toEqual([
        ['link', 'aws-access-key-id'],
        ['model.bin', 'aws-credential-pair'],
      ]);
      const paths = repo.keyguard(['scan', '--format', 'json', 'model.bin']);
      expect(paths.status).toBe(1);
      expect(report(paths, 'stdout').findings.map((f) => [f.path, f.line])).toEqual([['model.bin', 6]]);
    } finally {
      repo.cleanup();
    }
  });
});
