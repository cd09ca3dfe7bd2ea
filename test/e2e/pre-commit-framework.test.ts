// keyguard's hook under the pre-commit framework (https://pre-commit.com): `pre-commit install` finds
// keyguard's hook in .git/hooks, renames it pre-commit.legacy and runs it before its own hooks
// ("migration mode"). keyguard's hook must keep checking commits there, not block every one of them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { PROJECT_ROOT, createRepo, type RunResult, type TestRepo } from '../support/git-repo.js';
import { npmInstall, packKeyguard, type PackedKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(1204);
/**
 * What the framework's commands get: its own home, and npm told to use its cache (warm after `npm ci`)
 * without asking the registry again, so that installing keyguard's hook environment does not depend on
 * the network's speed.
 *
 * HOME is that home too. For `language: node` the framework uses the node and npm on the PATH only when
 * they are not inside the home directory; otherwise it downloads a Node.js of its own (nodeenv), and
 * the hook would not run on the Node.js under test (.ci/run keeps 22 and 24 in a cache folder in the
 * home directory). npm keeps the cache and the user configuration it had, which no longer follow from HOME.
 */
const npmConfig: NodeJS.ProcessEnv = {};
const frameworkEnv = (home: string): NodeJS.ProcessEnv => ({
  PRE_COMMIT_HOME: home,
  HOME: home,
  ...npmConfig,
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
});
// .ci/run installs the framework (Debian's pre-commit package); a machine without it cannot run this file.
const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const available = preCommit.status === 0;

let packed: PackedKeyguard;
let home: string;
beforeAll(() => {
  if (!available) return;
  // Prints `cache=<path>` and `userconfig=<path>`, one a line.
  const npmPaths = spawnSync('npm', ['config', 'get', 'cache', 'userconfig'], { encoding: 'utf8' }).stdout;
  for (const [, key, value] of npmPaths.matchAll(/^(cache|userconfig)=(.+)$/gm)) npmConfig[`npm_config_${key}`] = value;
  packed = packKeyguard();
  home = mkdtempSync(join(tmpdir(), 'keyguard-pre-commit-home-'));
});
afterAll(() => {
  packed?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});
const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

function commit(repo: TestRepo, path: string, content: string): RunResult {
  repo.write(path, content);
  repo.git(['add', '--', path]);
  return repo.tryGit(['commit', '-m', `add ${path}`], { env: frameworkEnv(home) });
}

describe.skipIf(!available)('the pre-commit framework in migration mode', () => {
  it("runs keyguard's hook as pre-commit.legacy: clean commits pass, a key is blocked", () => {
    const repo = createRepo();
    repos.push(repo);
    repo.write('package.json', '{ "name": "app", "version": "1.0.0", "private": true }\n');
    repo.write('.gitignore', 'node_modules/\n');
    repo.write('.pre-commit-config.yaml', 'repos: []\n');
    npmInstall(repo.dir, ['-D', packed.tarball]);
    const install = spawnSync(process.execPath, [join(repo.dir, 'node_modules/keyguard/bin/keyguard.cjs'), 'install'], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    });
    expect(install.status).toBe(0);

    const framework = spawnSync('pre-commit', ['install'], {
      cwd: repo.dir,
      env: { ...repo.env, ...frameworkEnv(home) },
      encoding: 'utf8',
    });
    expect(framework.status).toBe(0);
    expect(framework.stdout).toContain('migration mode');
    expect(readFileSync(join(repo.dir, '.git', 'hooks', 'pre-commit.legacy'), 'utf8')).toContain(
      'keyguard-managed-hook',
    );
    expect(readFileSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), 'utf8')).toContain('pre-commit');

    const doctor = spawnSync(process.execPath, [join(repo.dir, 'node_modules/keyguard/bin/keyguard.cjs'), 'doctor'], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    });
    expect(doctor.stdout).toMatch(/pre-commit +protected: .*pre-commit framework|pre-commit +protected/);
    expect(doctor.status).toBe(0);

    const clean = commit(repo, 'README.md', '# app\n');
    expect(clean.stderr).not.toContain('keyguard: hook needs');
    expect(clean.status).toBe(0);
    const pair = fakePair(rng);
    const blocked = commit(
      repo,
      'deploy/aws.ini',
      `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`,
    );
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('deploy/aws.ini');
    expect(blocked.stdout + blocked.stderr).not.toContain(pair.id);
    expect(repo.git(['rev-list', '--count', 'HEAD']).trim()).toBe('1');
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit.legacy.keyguard-chained'))).toBe(false);
  });
});

describe.skipIf(!available)("keyguard's own .pre-commit-hooks.yaml", () => {
  it('is a valid manifest for the pre-commit tool', () => {
    const r = spawnSync('pre-commit', ['validate-manifest', join(PROJECT_ROOT, '.pre-commit-hooks.yaml')], {
      encoding: 'utf8',
    });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('examples/pre-commit-framework: installs from a clone of this repository (language: node) and blocks a staged key and a key in the message', () => {
    // The repository as pre-commit fetches it: a clone at a commit (what is committed, not the work tree).
    const source = join(home, 'keyguard-clone');
    const clone = spawnSync('git', ['clone', '-q', '--no-local', PROJECT_ROOT, source], { encoding: 'utf8' });
    expect(clone.stderr).toBe('');
    const rev = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: source, encoding: 'utf8' }).stdout.trim();

    const repo = createRepo();
    repos.push(repo);
    // examples/pre-commit-framework's configuration, pointed at that clone.
    const example = readFileSync(
      join(PROJECT_ROOT, 'examples', 'pre-commit-framework', '.pre-commit-config.yaml'),
      'utf8',
    );
    const config = example.replace(/^(\s*- repo: ).*$/m, `$1${source}`).replace(/^(\s*rev: ).*$/m, `$1${rev}`);
    expect(config).not.toBe(example);
    expect(config).toContain('- id: keyguard-commit-msg');
    repo.write('.pre-commit-config.yaml', config);
    const env = { ...repo.env, ...frameworkEnv(home) };
    const install = spawnSync('pre-commit', ['install', '--hook-type', 'pre-commit', '--hook-type', 'commit-msg'], {
      cwd: repo.dir,
      env,
      encoding: 'utf8',
    });
    expect(install.status).toBe(0);
    // The first commit makes pre-commit install the hook's environment: npm install and npm pack of the clone.
    const first = commit(
      repo,
      '.pre-commit-config.yaml',
      readFileSync(join(repo.dir, '.pre-commit-config.yaml'), 'utf8'),
    );
    expect(first.stdout + first.stderr).toContain('keyguard (AWS credentials in staged changes)');
    expect(first.status).toBe(0);
    // The hook's environment uses the node on the PATH, the one under test, not one the framework fetched.
    const envs = readdirSync(home, { recursive: true, encoding: 'utf8' }).filter((path) =>
      /(^|\/)node_env-[^/]+$/.test(path),
    );
    expect(envs).toEqual([expect.stringMatching(/node_env-system$/)]);

    const pair = fakePair(rng);
    const blocked = commit(
      repo,
      'deploy/aws.ini',
      `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`,
    );
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('deploy/aws.ini');
    expect(blocked.stdout + blocked.stderr).not.toContain(pair.id);
    repo.git(['reset', '-q']);

    repo.write('notes.txt', 'notes\n');
    repo.git(['add', 'notes.txt']);
    const message = repo.tryGit(['commit', '-m', `notes\n\naws_access_key_id = ${fakePair(rng).id}\n`], {
      env: frameworkEnv(home),
    });
    expect(message.status).not.toBe(0);
    expect(message.stdout + message.stderr).toContain('in the commit message. Commit blocked.');
    expect(repo.git(['rev-list', '--count', 'HEAD']).trim()).toBe('1');
  }, 300_000);
});
