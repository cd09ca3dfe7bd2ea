// A repository keyguard does not trust: cloned from anyone, unpacked from an archive, in a directory
// another user can write to. Each test builds the hostile repository at run time in a temporary tree of
// its own (a fake home, a global git config through GIT_CONFIG_GLOBAL), and shows that keyguard runs no
// keyguard the repository brings, writes nothing through a symlink or into .git, and writes a report
// through (not over) what --output names.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { KEYGUARD_BIN, createRepo, type RunResult, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(1101);
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function repo(options: Parameters<typeof createRepo>[0] = {}): TestRepo {
  const r = createRepo(options);
  cleanups.push(() => r.cleanup());
  return r;
}

function tempDir(name: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `keyguard-${name}-`)));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function credentials(): string {
  const pair = fakePair(rng);
  return `[default]\naws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
}

function commit(r: TestRepo, path: string, content: string, env?: NodeJS.ProcessEnv): RunResult {
  r.write(path, content);
  r.git(['add', '--', path]);
  return r.tryGit(['commit', '-m', `add ${path}`], env ? { env } : {});
}

function oneLine(text: string): void {
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
}

/** A `keyguard` package whose bin only leaves a mark and lets everything pass: what an attacker would ship. */
function plantKeyguard(dir: string, marker: string): void {
  const bin = join(dir, 'node_modules', 'keyguard', 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'keyguard.cjs'), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);
}

/** Every file below `dir`, as relative paths (to show that nothing was written there). */
function filesBelow(dir: string): string[] {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).sort() : [];
}

describe('the hook runs exactly the keyguard it was installed for', () => {
  /** A machine whose global git config sets core.hooksPath, as dotfiles and company setups do. */
  function machine() {
    const home = tempDir('home');
    const hooks = join(home, 'git-hooks');
    const globalConfig = join(home, '.gitconfig');
    writeFileSync(globalConfig, `[core]\n\thooksPath = ${hooks}\n`);
    return { home, hooks, env: { GIT_CONFIG_GLOBAL: globalConfig, HOME: home } };
  }

  it('refuses to write into a global core.hooksPath without --global, naming the setting and the choices', () => {
    const { hooks, env } = machine();
    const r = repo();
    const install = r.keyguard(['install'], { env });
    expect(install.status).toBe(2);
    oneLine(install.stderr);
    expect(install.stderr).toContain(
      `git runs this repository's hooks from ${hooks} (core.hooksPath in the global git config`,
    );
    expect(install.stderr).toContain('`keyguard install --global`');
    expect(install.stderr).toContain(`\`git config core.hooksPath ${join(realpathSync(r.dir), '.git', 'hooks')}\``);
    expect(filesBelow(hooks)).toEqual([]);
    expect(r.keyguard(['doctor'], { env }).status).toBe(1);
    // Inside an npm script (a teammate's `npm install` running prepare), the same line, but npm install goes on.
    const prepare = r.keyguard(['install'], { env: { ...env, npm_lifecycle_event: 'prepare' } });
    expect(prepare.status).toBe(0);
    expect(prepare.stderr).toContain('--global');
    expect(filesBelow(hooks)).toEqual([]);
  });

  it('the choice it prints for one repository works as printed', () => {
    const { hooks, env } = machine();
    const r = repo();
    linkKeyguard(r.dir, { exclude: join(r.dir, '.git', 'info', 'exclude') });
    const refused = r.keyguard(['install'], { env });
    const command = /`(git config core\.hooksPath [^`]+)`/.exec(refused.stderr)?.[1] ?? '';
    expect(spawnSync('sh', ['-c', command], { cwd: r.dir, env: { ...r.env, ...env } }).status).toBe(0);
    expect(r.keyguard(['install'], { env }).status).toBe(0);
    expect(filesBelow(hooks)).toEqual([]);
    expect(commit(r, 'creds.ini', credentials(), env).status).toBe(1);
  });

  it('with --global, a cloned repository that commits its own node_modules/keyguard does not get it run', () => {
    const { home, hooks, env } = machine();
    const installer = repo();
    const install = installer.keyguard(['install', '--global'], { env });
    expect(install.stderr).toBe('');
    expect(install.status).toBe(0);
    // The hooks name the keyguard that installed them, by its real path.
    expect(install.stdout).toContain(
      `in ${hooks}, which git uses for every repository with this core.hooksPath; they run ${realpathSync(KEYGUARD_BIN)}`,
    );
    expect(readFileSync(join(hooks, 'pre-commit'), 'utf8')).toContain(`keyguard_bin=${realpathSync(KEYGUARD_BIN)}\n`);

    const hostile = repo();
    const marker = join(home, 'PWNED');
    plantKeyguard(hostile.dir, marker);
    hostile.git(['add', '-f', 'node_modules']);
    hostile.git(['commit', '-q', '--no-verify', '-m', 'vendor keyguard']);
    const doctor = hostile.keyguard(['doctor'], { env });
    // doctor names the keyguard the hook runs: the one that installed it, not the repository's.
    expect(doctor.stdout).toContain(`(${dirname(dirname(realpathSync(KEYGUARD_BIN)))})`);
    expect(doctor.stdout).toContain('checked: a staged fake key was blocked');
    expect(existsSync(marker)).toBe(false);
    expect(doctor.status).toBe(0);
    const blocked = commit(hostile, 'creds.ini', credentials(), env);
    expect(existsSync(marker)).toBe(false);
    expect(blocked.status).toBe(1);
    expect(blocked.stdout + blocked.stderr).toContain('creds.ini');

    // A repository with nothing to do with Node is protected too, and a clean commit passes.
    const plain = repo();
    expect(commit(plain, 'README.md', 'hello\n', env).status).toBe(0);
    expect(commit(plain, 'creds.ini', credentials(), env).status).toBe(1);

    // And uninstall --global takes them away again; without --global it changes nothing there.
    expect(plain.keyguard(['uninstall'], { env }).status).toBe(2);
    expect(filesBelow(hooks).sort()).toEqual(['pre-commit', 'pre-merge-commit']);
    expect(plain.keyguard(['uninstall', '--global'], { env }).status).toBe(0);
    expect(filesBelow(hooks)).toEqual([]);
  });

  it('--global is refused for a repository whose hooks are its own', () => {
    const r = repo();
    const install = r.keyguard(['install', '--global']);
    expect(install.status).toBe(2);
    oneLine(install.stderr);
    expect(install.stderr).toContain(
      "this repository's hooks are its own, in .git/hooks; run `keyguard install` without --global",
    );
    expect(filesBelow(join(r.dir, '.git', 'hooks')).filter((f) => !f.endsWith('.sample'))).toEqual([]);
  });

  it("never runs a node_modules/keyguard planted above the repository (another user's, in /tmp)", () => {
    const r = repo();
    // createRepo puts the work tree in a fresh temporary directory: its parent stands for /tmp.
    const parent = dirname(r.dir);
    const marker = join(parent, 'PWNED');
    plantKeyguard(parent, marker);
    expect(r.keyguard(['install']).status).toBe(0);
    const blocked = commit(r, 'creds.ini', credentials());
    expect(existsSync(marker)).toBe(false);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toMatch(
      /keyguard: cannot check this commit: keyguard is not installed in this repository .*up to the repository's top.*npm install/,
    );
    oneLine(blocked.stderr);
  });

  it('a hook whose recorded keyguard is gone blocks, saying so', () => {
    const { hooks, env } = machine();
    const r = repo();
    expect(r.keyguard(['install', '--global'], { env }).status).toBe(0);
    const gone = join(tempDir('gone'), 'keyguard.cjs');
    const hook = join(hooks, 'pre-commit');
    writeFileSync(hook, readFileSync(hook, 'utf8').replace(/^keyguard_bin=.*$/m, `keyguard_bin=${gone}`));
    const blocked = commit(r, 'README.md', 'hello\n', env);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain(`the keyguard this hook was installed to run is gone (${gone})`);
    oneLine(blocked.stderr);
  });
});

describe('keyguard writes nothing through a symlink, and nothing into .git but its own hooks', () => {
  /** A repository with a key in a tracked file, keyguard linked in, and a private directory outside it. */
  function withKey() {
    const r = repo();
    linkKeyguard(r.dir, { exclude: join(r.dir, '.git', 'info', 'exclude') });
    const home = tempDir('home');
    r.write('config/creds.ini', credentials());
    r.git(['add', '.']);
    r.git(['commit', '-q', '--no-verify', '-m', 'key (before keyguard)']);
    return { r, home };
  }

  it('baseline: a baseline path through a tracked symlink is refused, nothing is written outside', () => {
    const { r, home } = withKey();
    symlinkSync(home, join(r.dir, 'lnk'));
    r.write('.keyguard.json', '{ "baseline": "lnk/.bash_profile" }\n');
    // A tracked file whose name is shell code: it must not end up in any file outside either.
    r.write('$(touch PWNED).env', credentials());
    r.git(['add', '.']);
    r.git(['commit', '-q', '--no-verify', '-m', 'hostile']);
    const b = r.keyguard(['baseline']);
    expect(b.status).toBe(2);
    oneLine(b.stderr);
    expect(b.stderr).toContain(
      'keyguard: cannot write lnk/.bash_profile: lnk is a symlink, and keyguard writes nothing through one',
    );
    expect(filesBelow(home)).toEqual([]);
    expect(existsSync(join(r.dir, 'PWNED'))).toBe(false);
  });

  it('baseline: a baseline inside .git (a hook that would run) is refused', () => {
    const { r } = withKey();
    r.write('.keyguard.json', '{ "baseline": ".git/hooks/post-checkout" }\n');
    const b = r.keyguard(['baseline']);
    expect(b.status).toBe(2);
    oneLine(b.stderr);
    expect(b.stderr).toContain('cannot write .git/hooks/post-checkout: it is inside .git');
    expect(existsSync(join(r.dir, '.git', 'hooks', 'post-checkout'))).toBe(false);
  });

  it('baseline: a .gitattributes or baseline file that links to a private file is neither read into the repository nor replaced', () => {
    for (const name of ['.gitattributes', '.keyguard-baseline.json']) {
      const { r, home } = withKey();
      const secret = join(home, 'private.txt');
      writeFileSync(secret, 'private content\n');
      symlinkSync(secret, join(r.dir, name));
      const b = r.keyguard(['baseline']);
      expect(b.status).toBe(2);
      expect(b.stderr).toContain(`cannot write ${name}: ${name} is a symlink`);
      expect(lstatSync(join(r.dir, name)).isSymbolicLink()).toBe(true);
      expect(readFileSync(secret, 'utf8')).toBe('private content\n');
      expect(existsSync(join(r.dir, name === '.gitattributes' ? '.keyguard-baseline.json' : '.gitattributes'))).toBe(
        false,
      );
    }
  });

  it('baseline: a real directory on the way is still created, and the baseline written', () => {
    const { r } = withKey();
    r.write('.keyguard.json', '{ "baseline": "security/known/keys.json" }\n');
    const b = r.keyguard(['baseline']);
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    expect(statSync(join(r.dir, 'security', 'known', 'keys.json')).isFile()).toBe(true);
  });

  it('install: a .husky directory or .husky/pre-commit that links outside is refused, nothing written there', () => {
    for (const linked of ['.husky', '.husky/pre-commit']) {
      const { r, home } = withKey();
      r.git(['config', 'core.hooksPath', '.husky/_']);
      const secret = join(home, 'private.txt');
      writeFileSync(secret, 'private content\n');
      if (linked === '.husky') {
        mkdirSync(join(home, 'husky', '_'), { recursive: true });
        symlinkSync(join(home, 'husky'), join(r.dir, '.husky'));
      } else {
        mkdirSync(join(r.dir, '.husky', '_'), { recursive: true });
        symlinkSync(secret, join(r.dir, '.husky', 'pre-commit'));
      }
      const before = filesBelow(home);
      const install = r.keyguard(['install']);
      expect(install.status).toBe(2);
      oneLine(install.stderr);
      expect(install.stderr).toContain(`keyguard: cannot write .husky/pre-commit: ${linked} is a symlink`);
      expect(filesBelow(home)).toEqual(before);
      expect(readFileSync(secret, 'utf8')).toBe('private content\n');
      expect(lstatSync(join(r.dir, linked)).isSymbolicLink()).toBe(true);
    }
  });

  it('install: a hooks directory that is a symlink (.git/hooks, or a core.hooksPath in the work tree) is refused', () => {
    for (const setup of ['git-hooks', 'hooks-path']) {
      const { r, home } = withKey();
      const target = join(home, 'hooks');
      mkdirSync(target);
      if (setup === 'git-hooks') {
        rmSync(join(r.dir, '.git', 'hooks'), { recursive: true, force: true });
        symlinkSync(target, join(r.dir, '.git', 'hooks'));
      } else {
        symlinkSync(target, join(r.dir, '.githooks'));
        r.git(['config', 'core.hooksPath', '.githooks']);
      }
      const install = r.keyguard(['install']);
      expect(install.status).toBe(2);
      oneLine(install.stderr);
      expect(install.stderr).toMatch(/is a symlink, and keyguard writes nothing through one/);
      expect(filesBelow(target)).toEqual([]);
    }
  });

  it('init: a package.json that links to a private file is refused and left alone', () => {
    const { r, home } = withKey();
    const secret = join(home, 'private.json');
    writeFileSync(secret, '{ "name": "private", "token": "x" }\n');
    symlinkSync(secret, join(r.dir, 'package.json'));
    const init = r.keyguard(['init']);
    expect(init.status).toBe(2);
    oneLine(init.stderr);
    expect(init.stderr).toContain('cannot write package.json: package.json is a symlink');
    expect(readFileSync(secret, 'utf8')).toBe('{ "name": "private", "token": "x" }\n');
    expect(lstatSync(join(r.dir, 'package.json')).isSymbolicLink()).toBe(true);
  });
});

describe('--output writes through what is not a regular file, and replaces only regular files', () => {
  function withKey(): TestRepo {
    const r = repo();
    r.write('creds.ini', credentials());
    return r;
  }

  it('a symlink to a file stays a symlink; the file it names gets the report', () => {
    const r = withKey();
    const out = tempDir('out');
    writeFileSync(join(out, 'real.json'), 'old');
    symlinkSync(join(out, 'real.json'), join(r.dir, 'report.json'));
    const s = r.keyguard(['scan', '--output', 'report.json', 'creds.ini']);
    expect(s.status).toBe(1);
    expect(lstatSync(join(r.dir, 'report.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'real.json'), 'utf8')).findings).toHaveLength(1);
    expect(readdirSync(out)).toEqual(['real.json']);
  });

  it('/dev/stdout and /dev/null are written to, not replaced', () => {
    const r = withKey();
    const s = r.keyguard(['scan', '--format', 'json', '--output', '/dev/stdout', 'creds.ini']);
    expect(s.status).toBe(1);
    expect(JSON.parse(s.stdout).findings).toHaveLength(1);
    expect(r.keyguard(['scan', '--output', '/dev/null', 'creds.ini']).status).toBe(1);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a FIFO gets the report through it, and stays a FIFO', async () => {
    const r = withKey();
    const fifo = join(tempDir('fifo'), 'report.pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const read = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    const s = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [KEYGUARD_BIN, 'scan', '--format', 'json', '--output', fifo, 'creds.ini'], {
        cwd: r.dir,
        env: r.env,
        stdio: 'ignore',
      });
      child.on('close', resolve);
    });
    await read;
    expect(s).toBe(1);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8')).findings).toHaveLength(1);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a dangling symlink is one line, exit 2, and stays as it was', () => {
    const r = withKey();
    symlinkSync(join(r.dir, 'missing', 'x.json'), join(r.dir, 'report.json'));
    const s = r.keyguard(['scan', '--output', 'report.json', 'creds.ini']);
    expect(s.status).toBe(2);
    oneLine(s.stderr);
    expect(s.stderr).toContain('cannot write report.json: it is a symlink to a file that does not exist');
    expect(lstatSync(join(r.dir, 'report.json')).isSymbolicLink()).toBe(true);
  });
});
