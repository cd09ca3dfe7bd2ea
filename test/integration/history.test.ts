// `keyguard scan --history [range]` (docs/history.md) against real repositories: the built CLI,
// spawned as a CI job runs it, over commits made with real git (`--no-verify`: the history a hook
// did not see).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { BATCH_READS, parseLog } from '../../src/git/history.js';
import { fakePair, seededRandom, type FakePair } from '../support/fake-credentials.js';
import { withRepo, type TestRepo } from '../support/git-repo.js';

const commit = (repo: TestRepo, message: string): string => {
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--no-verify', '--allow-empty', '-m', message]);
  return repo.git(['rev-parse', 'HEAD']).trim();
};
const credentials = (pair: FakePair) =>
  `[default]\naws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;

interface JsonReport {
  source: string;
  commits: number;
  scannedFiles: number;
  findings: Array<{ path: string; commit: string; line: number; rule: string }>;
  skipped: Array<{ path: string; commit?: string; reason: string }>;
  suppressed: Array<{ path: string; commit?: string; by: string }>;
  binaryScanned?: Array<{ path: string; commit?: string }>;
}

function history(repo: TestRepo, args: readonly string[] = []): { status: number; report: JsonReport } {
  const run = repo.keyguard(['scan', '--history', ...args, '--format', 'json']);
  if (run.status === 2) throw new Error(`keyguard failed: ${run.stderr}`);
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport };
}

describe('keyguard scan --history', () => {
  it('reports a key once, at the commit that added it, even after a later commit removed it', () =>
    withRepo((repo) => {
      const pair = fakePair(seededRandom(31));
      repo.write('README.md', 'hello\n');
      commit(repo, 'one');
      repo.write('README.md', 'hello\nworld\n');
      repo.write('deploy/aws.ini', credentials(pair));
      const added = commit(repo, 'two');
      repo.write('deploy/aws.ini', `# more\n${credentials(pair)}`);
      commit(repo, 'three: an unchanged key on a moved line is not new');
      repo.git(['rm', '-q', 'deploy/aws.ini']);
      commit(repo, 'four');
      const { status, report } = history(repo);
      expect(status).toBe(1);
      expect(report.source).toBe('history');
      expect(report.commits).toBe(4);
      expect(report.findings.map(({ path, commit, line, rule }) => ({ path, commit, line, rule }))).toEqual([
        { path: 'deploy/aws.ini', commit: added, line: 2, rule: 'aws-credential-pair' },
      ]);
      const sarif = JSON.parse(repo.keyguard(['scan', '--history', '--format', 'sarif']).stdout) as {
        runs: Array<{ results: Array<{ properties: { commit?: string } }> }>;
      };
      expect(sarif.runs[0]?.results.map((r) => r.properties.commit)).toEqual([added]);
    }));

  it('tells a watching person how far it is (bin.ts shows it on a terminal)', () =>
    withRepo(async (repo) => {
      for (const n of [1, 2, 3]) {
        repo.write(`f${n}.txt`, `${n}\n`);
        commit(repo, `c${n}`);
      }
      const lines: string[] = [];
      const result = await runCli(['scan', '--history'], {
        cwd: repo.dir,
        env: repo.env,
        color: false,
        stdin: (async function* () {})(),
        progress: (line) => lines.push(line),
      });
      expect(result.exitCode).toBe(0);
      expect(lines.at(-1)).toBe('keyguard: scanning history: 3 of 3 commits');
      expect(lines.length).toBeGreaterThan(1);
    }));

  it("finds a key in the repository's first commit, whatever log.showRoot says", () =>
    withRepo((repo) => {
      repo.git(['config', 'log.showRoot', 'false']);
      repo.write('first.ini', credentials(fakePair(seededRandom(30))));
      const root = commit(repo, 'root');
      const { report } = history(repo);
      expect(report.findings.map((f) => [f.path, f.commit])).toEqual([['first.ini', root]]);
    }));

  it('reads paths holding any byte but NUL (a control byte, a newline, non-ASCII)', () =>
    withRepo((repo) => {
      const odd = 'odd\u0001name\nwith é.ini';
      repo.write(odd, credentials(fakePair(seededRandom(41))));
      repo.write('plain.txt', 'x\n');
      const added = commit(repo, 'odd names');
      const { report } = history(repo);
      expect(report.findings.map((f) => [f.path, f.commit])).toEqual([[odd, added]]);
      expect(report.scannedFiles).toBe(2);
    }));

  it(`reads more files than one batch (${BATCH_READS}) across commits, in order`, () =>
    withRepo((repo) => {
      for (let i = 0; i < BATCH_READS + 100; i++) repo.write(`many/f${String(i).padStart(5, '0')}.txt`, `file ${i}\n`);
      repo.write('many/f01050.txt', credentials(fakePair(seededRandom(43))));
      const first = commit(repo, 'many files');
      repo.write('many/f00001.txt', `file 1\n${credentials(fakePair(seededRandom(44)))}`);
      const second = commit(repo, 'one more');
      const { report } = history(repo);
      expect(report.scannedFiles).toBe(BATCH_READS + 101);
      expect(report.findings.map((f) => [f.path, f.commit, f.line])).toEqual([
        ['many/f00001.txt', second, 3],
        ['many/f01050.txt', first, 2],
      ]);
    }));

  it('works in a SHA-256 repository', () =>
    withRepo(
      (repo) => {
        repo.write('c.ini', credentials(fakePair(seededRandom(42))));
        const added = commit(repo, 'one');
        repo.git(['mv', 'c.ini', 'd.ini']);
        commit(repo, 'renamed');
        expect(added).toHaveLength(64);
        expect(history(repo).report.findings.map((f) => [f.path, f.commit])).toEqual([['c.ini', added]]);
      },
      { initArgs: ['--object-format=sha256'] },
    ));

  it('scans only the range it is given (the CI recipe: origin/main..HEAD)', () =>
    withRepo((repo) => {
      const pair = fakePair(seededRandom(32));
      repo.write('a.ini', credentials(pair));
      commit(repo, 'old key, already on main');
      repo.git(['branch', 'base']);
      repo.write('b.txt', 'clean\n');
      commit(repo, 'new work');
      expect(history(repo, ['base..HEAD'])).toMatchObject({ status: 0, report: { commits: 1, findings: [] } });
      repo.write('c.ini', credentials(fakePair(seededRandom(33))));
      const leaked = commit(repo, 'a key sneaked past the hook');
      const { status, report } = history(repo, ['base..HEAD']);
      expect(status).toBe(1);
      expect(report.findings.map((f) => [f.path, f.commit])).toEqual([['c.ini', leaked]]);
    }));

  it('a secret added next to a key ID an earlier commit added is reported at the later commit', () =>
    withRepo((repo) => {
      const pair = fakePair(seededRandom(40));
      repo.write('app.ini', `[default]\naws_access_key_id = ${pair.id}\n`);
      commit(repo, 'key id only');
      repo.write('app.ini', `[default]\naws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`);
      const secretAdded = commit(repo, 'the secret joins it');
      const { report } = history(repo);
      expect(report.findings.map((f) => [f.commit, f.rule])).toEqual(
        expect.arrayContaining([[secretAdded, 'aws-credential-pair']]),
      );
      expect(report.findings.filter((f) => f.commit === secretAdded)).toHaveLength(1);
    }));

  it('follows renames and copies: a moved file adds no line; a line added while moving it does', () =>
    withRepo((repo) => {
      const body = Array.from({ length: 30 }, (_, i) => `setting_${i} = value ${i}\n`).join('');
      const pair = fakePair(seededRandom(34));
      repo.write('conf/old.ini', `${body}${credentials(pair)}`);
      const first = commit(repo, 'one');
      repo.git(['mv', 'conf/old.ini', 'conf/new.ini']);
      commit(repo, 'rename only');
      const second = fakePair(seededRandom(35));
      repo.git(['mv', 'conf/new.ini', 'conf/newer.ini']);
      repo.write('conf/newer.ini', `${body}${credentials(pair)}aws_secret_access_key_2 = ${second.secret}\n`);
      const renamedWithLine = commit(repo, 'rename with a new line');
      const { report } = history(repo);
      expect(report.findings.map((f) => [f.path, f.commit, f.line])).toEqual([
        ['conf/newer.ini', renamedWithLine, 34],
        ['conf/old.ini', first, 32],
      ]);
    }));

  it('reports a key a merged branch brought in at the branch commit, not again at the merge', () =>
    withRepo((repo) => {
      repo.write('a.txt', 'a\n');
      commit(repo, 'one');
      repo.git(['checkout', '-q', '-b', 'feature']);
      repo.write('f.ini', credentials(fakePair(seededRandom(36))));
      const onBranch = commit(repo, 'feature work');
      repo.git(['checkout', '-q', 'main']);
      repo.write('b.txt', 'b\n');
      commit(repo, 'main work');
      repo.git(['merge', '-q', '--no-ff', '--no-verify', '-m', 'merge', 'feature']);
      const { report } = history(repo);
      expect(report.commits).toBe(4);
      expect(report.findings.map((f) => [f.path, f.commit])).toEqual([['f.ini', onBranch]]);
    }));

  it('lists binary files as scanned for printable text with their commit, honours inline allow comments and ignorePaths', () =>
    withRepo((repo) => {
      repo.write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
      repo.write('.keyguard.json', JSON.stringify({ ignorePaths: ['vendor/**'] }));
      repo.write('vendor/lib.ini', credentials(fakePair(seededRandom(37))));
      const pair = fakePair(seededRandom(38));
      repo.write('test/fixture.ini', `aws_access_key_id = ${pair.id} # keyguard:allow test fixture\n`);
      const only = commit(repo, 'one');
      const { status, report } = history(repo);
      expect(status).toBe(0);
      expect(report.skipped).toEqual([{ path: 'vendor/lib.ini', commit: only, reason: 'ignored' }]);
      expect(report.binaryScanned).toEqual([{ path: 'logo.png', commit: only }]);
      expect(report.suppressed.map((s) => [s.path, s.commit, s.by])).toEqual([['test/fixture.ini', only, 'inline']]);
    }));

  it('pretty output names the commit, and says how to read the key ID from that commit', () =>
    withRepo((repo) => {
      repo.write('old.ini', credentials(fakePair(seededRandom(39))));
      const added = commit(repo, 'one');
      repo.git(['rm', '-q', 'old.ini']);
      commit(repo, 'two');
      const run = repo.keyguard(['scan', '--history']);
      expect(run.status).toBe(1);
      const short = added.slice(0, 12);
      expect(run.stdout).toContain('1 AWS credential in 1 file of 1 commit.');
      expect(run.stdout).toContain(`old.ini  in commit ${short}`);
      expect(run.stdout).toContain(`KEY_ID=$(git show ${short}:old.ini`);
      // The command it prints really finds the full key ID, although the file is gone from the work tree.
      const command = /KEY_ID=\$\((git show [^|]+)\|\s*grep -oE '([^']+)'/.exec(run.stdout.replace(/\\\n\s*/g, ''));
      expect(command).not.toBeNull();
      const [, show = '', pattern = ''] = command ?? [];
      const shown = repo.git(show.trim().split(' ').slice(1));
      expect(new RegExp(pattern).exec(shown)?.[0]).toHaveLength(20);
    }));

  it('a clean history passes; a bad range or no repository is one line and exit 2', () =>
    withRepo((repo) => {
      repo.write('a.txt', 'a\n');
      commit(repo, 'one');
      const clean = repo.keyguard(['scan', '--history']);
      expect(clean.status).toBe(0);
      expect(clean.stdout).toContain('no AWS credentials added by 1 commit (1 changed file).');
      const bad = repo.keyguard(['scan', '--history', 'no-such-branch..HEAD']);
      expect(bad.status).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toMatch(/^keyguard: git log: .*no-such-branch/);
      // A range is never taken for one of git log's options (--output would write a file).
      const target = join(repo.dir, 'written-by-git-log');
      const option = repo.keyguard(['scan', '--history', '--', `--output=${target}`]);
      expect(option.status).toBe(2);
      expect(existsSync(target)).toBe(false);
      const outside = repo.keyguard(['scan', '--history'], { cwd: '/' });
      expect(outside.status).toBe(2);
      expect(outside.stderr.trim()).toBe('keyguard: not a git repository (run `keyguard scan --history` inside one).');
    }));

  it('cannot be combined with --staged or --stdin', () =>
    withRepo((repo) => {
      const run = repo.keyguard(['scan', '--history', '--staged']);
      expect(run.status).toBe(2);
      expect(run.stderr.trim()).toBe(
        'keyguard: give only one of paths, --staged, --stdin, --history, --pre-push, --pre-receive and --commit-msg.',
      );
    }));
});

describe('parseLog', () => {
  it('splits git log --raw -z output per commit, with commits that changed nothing', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const blob = '1'.repeat(40);
    const zero = '0'.repeat(40);
    const output = Buffer.from(
      `\x01${a}\0\n:000000 100644 ${zero} ${blob} A\0new\x01file.txt\0:100644 100644 ${blob} ${blob} R100\0x\0y\0` +
        `\x01${b}\0`,
      'latin1',
    );
    const commits = parseLog(output);
    expect(commits.map((c) => c.commit)).toEqual([a, b]);
    expect(commits[0]?.changes.map((c) => [c.status, c.path, c.sourcePath])).toEqual([
      ['A', 'new\x01file.txt', undefined],
      ['R', 'y', 'x'],
    ]);
    expect(commits[1]?.changes).toEqual([]);
    expect(parseLog(Buffer.alloc(0))).toEqual([]);
  });
});
