// Throw-away git repositories for integration and e2e tests, isolated from the machine's git setup
// (no global or system config, a fixed identity and branch name): CI machines have no git identity.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const KEYGUARD_BIN = join(PROJECT_ROOT, 'bin', 'keyguard.cjs');

/** The environment every test git process gets: isolated config, fixed identity, no colors. */
export function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('GIT_')) delete env[key];
  return {
    ...env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Keyguard Test',
    GIT_AUTHOR_EMAIL: 'test@keyguard.invalid',
    GIT_COMMITTER_NAME: 'Keyguard Test',
    GIT_COMMITTER_EMAIL: 'test@keyguard.invalid',
    NO_COLOR: '1',
    KEYGUARD_DEBUG: '',
    ...extra,
  };
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

function toResult(r: SpawnSyncReturns<string>): RunResult {
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface TestRepo {
  /** The work tree. */
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs git in the repository; throws with stderr if it fails. */
  git(args: readonly string[], options?: { input?: string; env?: NodeJS.ProcessEnv }): string;
  /** Runs git and returns status/stdout/stderr without throwing (for commits a hook may block). */
  tryGit(args: readonly string[], options?: { input?: string; env?: NodeJS.ProcessEnv }): RunResult;
  /** Writes a file (creating directories) relative to the work tree. */
  write(path: string, content: string | Buffer, options?: { executable?: boolean }): void;
  /** Runs the built keyguard CLI in the repository, as a user would. */
  /** `timeout` (ms) kills a keyguard that hangs, and the call throws instead of waiting forever. */
  keyguard(
    args: readonly string[],
    options?: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; timeout?: number },
  ): RunResult;
  cleanup(): void;
}

export function createRepo(options: { bare?: boolean; initArgs?: readonly string[]; name?: string } = {}): TestRepo {
  const root = mkdtempSync(join(tmpdir(), 'keyguard-test-'));
  const dir = join(root, options.name ?? 'repo');
  mkdirSync(dir);
  const env = gitEnv();
  const run = (args: readonly string[], o: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
    toResult(
      spawnSync('git', args, {
        cwd: dir,
        env: { ...env, ...o.env },
        input: o.input ?? '',
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      }),
    );
  const repo: TestRepo = {
    dir,
    env,
    git(args, o) {
      const r = run(args, o);
      if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
      return r.stdout;
    },
    tryGit: run,
    write(path, content, o = {}) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      if (o.executable) chmodSync(full, 0o755);
    },
    keyguard(args, o = {}) {
      return toResult(
        spawnSync(process.execPath, [KEYGUARD_BIN, ...args], {
          cwd: o.cwd ?? dir,
          env: { ...env, ...o.env },
          input: o.input ?? '',
          encoding: 'utf8',
          maxBuffer: 1 << 28,
          ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
        }),
      );
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  execFileSync('git', ['init', '-q', '--initial-branch=main', ...(options.initArgs ?? []), dir], { env });
  return repo;
}

/** Runs `fn` with a fresh repository and always removes it afterwards. */
export async function withRepo<T>(
  fn: (repo: TestRepo) => T | Promise<T>,
  options?: Parameters<typeof createRepo>[0],
): Promise<T> {
  const repo = createRepo(options);
  try {
    return await fn(repo);
  } finally {
    repo.cleanup();
  }
}

/** Quotes a value for a POSIX sh script. */
function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Writes hooks that run the built CLI directly (`node bin/keyguard.cjs <args>`), for tests that commit
 * through real git before or without `keyguard install`: by default `scan --staged` as `pre-commit` and
 * `pre-merge-commit` (a `git merge` that makes its own commit runs the latter, not the former).
 */
export function writeScanHooks(
  hooksDir: string,
  options: { names?: readonly string[]; args?: readonly string[] } = {},
): void {
  const args = options.args ?? ['scan', '--staged'];
  mkdirSync(hooksDir, { recursive: true });
  for (const name of options.names ?? ['pre-commit', 'pre-merge-commit']) {
    const script = `#!/bin/sh\nexec ${[process.execPath, KEYGUARD_BIN, ...args].map(shQuote).join(' ')}\n`;
    writeFileSync(join(hooksDir, name), script);
    chmodSync(join(hooksDir, name), 0o755);
  }
}
