// What a clean commit makes Node load. The pre-commit hook runs on every commit, and each of Node's own
// modules it loads is read, compiled and run before the commit goes on: a clean commit reads its files
// from git, so it needs neither fs/promises (which brings readline, os and the REPL history module with
// it) nor Node's file streams (which creating process.stdin on /dev/null, what git gives the hook, loads);
// nor node:v8 (setting a V8 flag loads its heap and profiler modules: milliseconds) nor node:module (which
// brings Node's ES module loader): the code cache's two copies and the bundle's own require stand in.
// A probe preloaded through NODE_OPTIONS, as a user could, records process.moduleLoadList at exit.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, KEYGUARD_BIN, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

/** Node's modules that a clean commit must not load (each loads more of its own). */
const NOT_LOADED = [
  'NativeModule fs/promises',
  'NativeModule internal/fs/promises',
  'NativeModule internal/fs/streams',
  'NativeModule internal/readline/interface',
  'NativeModule v8',
  'NativeModule module',
];

interface Loaded {
  argv: string[];
  modules: string[];
}

/** A repository with keyguard installed, and a probe that writes each node process's module list to `out`. */
function setUp(): { repo: TestRepo; env: NodeJS.ProcessEnv; loaded: () => Loaded[] } {
  const repo = createRepo();
  repos.push(repo);
  linkKeyguard(repo.dir, { exclude: join(repo.dir, '.git', 'info', 'exclude') });
  expect(repo.keyguard(['install']).status).toBe(0);
  const out = join(repo.dir, '..', 'loaded');
  const probe = join(repo.dir, '..', 'probe.cjs');
  mkdirSync(out);
  writeFileSync(
    probe,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)} + '/' + process.pid + '.json', JSON.stringify({ argv: process.argv.slice(2), modules: process.moduleLoadList })));\n`,
  );
  const env = { NODE_OPTIONS: `--require ${probe}` };
  const loaded = () => readdirSync(out).map((file) => JSON.parse(readFileSync(join(out, file), 'utf8')) as Loaded);
  return { repo, env, loaded };
}

describe('a clean commit', () => {
  it('loads neither fs/promises, readline, file streams, node:v8 nor node:module in the pre-commit hook', () => {
    const { repo, env, loaded } = setUp();
    repo.write('notes.txt', 'notes\n');
    repo.git(['add', 'notes.txt']);
    const commit = repo.tryGit(['commit', '-q', '-m', 'notes'], { env });
    expect(commit.status, commit.stderr).toBe(0);
    const hook = loaded().filter((l) => l.argv.join(' ') === 'hook pre-commit');
    expect(hook).toHaveLength(1);
    expect(hook[0]!.modules.length).toBeGreaterThan(0);
    expect(hook[0]!.modules.filter((m) => NOT_LOADED.includes(m))).toEqual([]);
  });

  it('the probe sees them where they are needed: `keyguard scan --stdin` reading /dev/null', () => {
    const { repo, env, loaded } = setUp();
    // stdin 'ignore' is /dev/null, as for the hook.
    const scan = spawnSync(process.execPath, [KEYGUARD_BIN, 'scan', '--stdin', '--quiet'], {
      cwd: repo.dir,
      env: { ...repo.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    expect(scan.status, scan.stderr).toBe(0);
    const run = loaded().filter((l) => l.argv.join(' ') === 'scan --stdin --quiet');
    expect(run).toHaveLength(1);
    expect(run[0]!.modules).toContain('NativeModule internal/fs/streams');
  });
});
