// keyguard under real lint-staged 16, from examples/lint-staged: the function form
// `"*": () => "keyguard scan --staged"` scans what is staged, not the working-tree files.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';
import { copyExample, npmInstall, packKeyguard, type PackedKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(16);
let packed: PackedKeyguard;
let repo: TestRepo;
beforeAll(() => {
  packed = packKeyguard();
  repo = createRepo();
  copyExample('lint-staged', repo.dir, packed.tarball);
  npmInstall(repo.dir);
  repo.git(['add', '-A']);
  repo.git(['commit', '-m', 'setup', '--no-verify']);
});
afterAll(() => {
  repo?.cleanup();
  packed?.cleanup();
});

function credentials(): string {
  const pair = fakePair(rng);
  return `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
}

/** Takes a blocked file out of the index and the work tree, as the report tells the user to. */
function unstage(path: string): void {
  repo.git(['reset', '-q', '--', path]);
  rmSync(join(repo.dir, path));
}

const head = () => repo.git(['rev-parse', 'HEAD']).trim();

describe('examples/lint-staged', () => {
  it('is set up as documented', () => {
    expect(repo.git(['config', 'core.hooksPath']).trim()).toBe('.husky/_');
    expect(readFileSync(join(repo.dir, 'lint-staged.config.mjs'), 'utf8')).toContain(
      "'*': () => 'keyguard scan --staged'",
    );
  });

  it('lets a clean commit through', () => {
    repo.write('src/index.js', 'export const answer = 42;\n');
    repo.git(['add', 'src/index.js']);
    const r = repo.tryGit(['commit', '-m', 'clean']);
    expect(r.stderr).not.toMatch(/cannot check|failed/);
    expect(r.status).toBe(0);
    // lint-staged shows a passing task's output only with --verbose.
    expect(r.stdout + r.stderr).not.toContain('no AWS credentials');
  });

  it('blocks a staged key (exit 1), and the commit does not happen', () => {
    const before = head();
    repo.write('config/.env', credentials());
    repo.git(['add', 'config/.env']);
    const r = repo.tryGit(['commit', '-m', 'key']);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain('keyguard scan --staged');
    expect(head()).toBe(before);
    unstage('config/.env');
  });

  it('blocks a key that is staged even when the working tree no longer has it', () => {
    const before = head();
    repo.write('deploy.ini', credentials());
    repo.git(['add', 'deploy.ini']);
    repo.write('deploy.ini', 'region = eu-west-1\n');
    expect(repo.tryGit(['commit', '-m', 'partial']).status).toBe(1);
    expect(head()).toBe(before);
    // lint-staged puts the unstaged change back.
    expect(readFileSync(join(repo.dir, 'deploy.ini'), 'utf8')).toBe('region = eu-west-1\n');
    unstage('deploy.ini');
  });

  it('keyguard doctor proves the setup, and says "not protected" once the glob no longer covers every file', () => {
    const doctor = (args: string[] = []) =>
      spawnSync(process.execPath, [join(repo.dir, 'node_modules/keyguard/bin/keyguard.cjs'), 'doctor', ...args], {
        cwd: repo.dir,
        env: repo.env,
        encoding: 'utf8',
      });
    const proven = doctor();
    expect(proven.stdout).toContain(
      'runs lint-staged, whose lint-staged.config.mjs runs `keyguard scan --staged` for every staged file',
    );
    expect(proven.stdout).toContain('as lint-staged runs it, blocked a staged fake key');
    expect(proven.status).toBe(0);
    // Nothing of the probe is left behind: no staged file, no change in the work tree.
    expect(repo.git(['status', '--porcelain'])).toBe('');

    // Under a narrower glob lint-staged does not run keyguard for a .env file: doctor and a real commit agree.
    const config = join(repo.dir, 'lint-staged.config.mjs');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, original.replace("'*':", "'*.js':"));
    try {
      const narrowed = doctor();
      expect(narrowed.stdout).toContain('NOT protected');
      expect(narrowed.status).toBe(1);
      const before = head();
      repo.write('config/.env', credentials());
      repo.git(['add', 'config/.env']);
      expect(repo.tryGit(['commit', '-m', 'key under a narrow glob']).status).toBe(0);
      repo.git(['reset', '-q', '--hard', before]);
    } finally {
      writeFileSync(config, original);
    }
  });

  it('lets a commit through when the key is only in the working tree, not staged', () => {
    repo.write('notes.txt', 'nothing secret\n');
    repo.git(['add', 'notes.txt']);
    repo.write('notes.txt', `nothing secret\n${credentials()}`);
    const r = repo.tryGit(['commit', '-m', 'notes']);
    expect(r.status).toBe(0);
    expect(repo.git(['show', 'HEAD:notes.txt'])).toBe('nothing secret\n');
  });
});
