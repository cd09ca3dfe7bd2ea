// The benchmark's floor (bench/lib/floor.cjs) stands for git's part of `keyguard scan --staged`: it must
// start git the same way (arguments, safety options, environment) and ask `git cat-file --batch` for the
// same objects, or the floor measures other work than keyguard's. It cannot share keyguard's code (it must
// not load the bundle), so this test runs both in one repository through a `git` on the PATH that writes
// down how it was started (a file per process: both programs start their two gits at once) and what
// cat-file was asked, then runs the real git.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createRepo, KEYGUARD_BIN, PROJECT_ROOT } from '../support/git-repo.js';

const FLOOR = join(PROJECT_ROOT, 'bench', 'lib', 'floor.cjs');
const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
const shimDir = mkdtempSync(join(tmpdir(), 'keyguard-git-shim-'));
afterAll(() => rmSync(shimDir, { recursive: true, force: true }));
writeFileSync(
  join(shimDir, 'git'),
  `#!/bin/sh
{ printf 'git'; for a in "$@"; do printf ' %s' "$a"; done
  printf ' [GIT_NO_LAZY_FETCH=%s GIT_ALLOW_PROTOCOL=%s]\\n' "\${GIT_NO_LAZY_FETCH-unset}" "\${GIT_ALLOW_PROTOCOL-unset}"; } >"$SHIM_LOG/command.$$"
case " $* " in
  *" cat-file --batch "*) tee -a "$SHIM_LOG/stdin" | ${JSON.stringify(realGit)} "$@"; exit $? ;;
esac
exec ${JSON.stringify(realGit)} "$@"
`,
);
chmodSync(join(shimDir, 'git'), 0o755);

/** The git commands a program started (sorted) and the objects cat-file was asked for (sorted). */
function gitUse(dir: string, env: NodeJS.ProcessEnv, script: string, args: string[]) {
  const log = join(shimDir, Math.random().toString(36).slice(2));
  mkdirSync(log);
  const r = spawnSync(process.execPath, [script, ...args], {
    cwd: dir,
    env: { ...env, PATH: `${shimDir}:${env.PATH}`, SHIM_LOG: log },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  const commands = readdirSync(log)
    .filter((name) => name.startsWith('command.'))
    .flatMap((name) => lines(join(log, name)));
  return { commands: commands.sort(), asked: lines(join(log, 'stdin')).sort() };
}

it('bench/lib/floor.cjs starts git as `keyguard scan --staged` does and reads the same objects', () => {
  const repo = createRepo();
  try {
    repo.write('kept.txt', 'one\ntwo\n');
    repo.write('moved.txt', 'a file that will be renamed\n'.repeat(20));
    repo.write('gone.txt', 'to be deleted\n');
    repo.write('package.json', '{ "name": "app" }\n');
    repo.write('run.sh', 'echo run\n');
    repo.write('was-file', 'a file that becomes a symlink\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'one']);
    repo.write('kept.txt', 'one\ntwo\nthree\n');
    repo.write('new.txt', 'new\n');
    repo.write('run.sh', 'echo run\n', { executable: true });
    rmSync(join(repo.dir, 'was-file'));
    symlinkSync('kept.txt', join(repo.dir, 'was-file'));
    symlinkSync('new.txt', join(repo.dir, 'link'));
    repo.git(['mv', 'moved.txt', 'renamed.txt']);
    repo.git(['rm', '-q', 'gone.txt']);
    repo.git(['add', '-A']);

    const keyguard = gitUse(repo.dir, repo.env, KEYGUARD_BIN, ['scan', '--staged', '--quiet']);
    const floor = gitUse(repo.dir, repo.env, FLOOR, []);
    // A modified, an added, a renamed, a deleted and a mode-changed file, a new symlink, a file become one.
    expect(repo.git(['diff', '--cached', '--name-status', '-M']).trim().split('\n')).toHaveLength(7);
    expect(keyguard.commands.length).toBeGreaterThan(0);
    expect(floor.commands).toEqual(keyguard.commands);
    expect(floor.asked).toEqual(keyguard.asked);
  } finally {
    repo.cleanup();
  }
});
