// Vitest global setup: whether dist/ was built from the sources as they are now. Integration and e2e
// tests run the built command line (bin/keyguard.cjs runs dist/bin.cjs, and `npm pack` packs dist/), so
// a dist/ older than a source would test old code, and could pass. `npm test` builds first; running
// chosen files (`npx vitest run test/e2e/…`) after an edit does not. The answer is computed once per run
// and read by require-fresh-dist.ts, which fails each integration and e2e file when dist/ is stale;
// unit tests import the sources and do not need dist/. At the end of the run it checks that nothing built
// dist/ again while the tests ran.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why dist/ cannot be trusted, in one line; '' when it was built after every source changed. */
    staleDist: string;
  }
}

/** What the build reads: the sources and the build's own script and settings. */
const INPUTS = ['src', 'scripts/build.mjs', 'tsconfig.build.json'];
/** What the build writes, the command line's bundle last. */
const OUTPUTS = ['dist/index.js', 'dist/allow-pattern.cjs', 'dist/jsonc.cjs', 'dist/bin.cjs'];

function files(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** '' when every output of the build is newer than every input, else a one-line reason. */
export function staleDist(root: string): string {
  const rebuild = 'integration and e2e tests run the built command line: run `npm run build` (`npm test` builds first)';
  let oldestOutput = Infinity;
  for (const output of OUTPUTS) {
    const stat = statSync(join(root, output), { throwIfNoEntry: false });
    if (!stat) return `${output} is missing: ${rebuild}.`;
    oldestOutput = Math.min(oldestOutput, stat.mtimeMs);
  }
  let newest = { path: '', mtimeMs: -Infinity };
  for (const input of INPUTS) {
    for (const path of files(join(root, input))) {
      const { mtimeMs } = statSync(path);
      if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
    }
  }
  if (newest.mtimeMs <= oldestOutput) return '';
  return `dist/ is older than ${relative(root, newest.path)}: ${rebuild}.`;
}

/** What identifies one build of the bundle: any write gives the file a new change time (ctime). */
export function bundleIdentity(root: string): string {
  const stat = statSync(join(root, 'dist', 'bin.cjs'), { throwIfNoEntry: false });
  return stat ? `${stat.ino}:${stat.ctimeMs}:${stat.size}` : 'missing';
}

/**
 * At the end of the run, whether something built dist/ again while the tests ran: the build deletes dist/
 * first, so every test that started keyguard meanwhile failed with `dist/bin.cjs: ENOENT` or tested
 * another build. Nothing in the suite may run the checkout's `prepare` or `build` (npm installing this
 * directory as a package runs its `prepare` there: use a clone or a packed tarball).
 */
export function rebuiltDuringRun(root: string, before: string): string {
  const after = bundleIdentity(root);
  if (after === before) return '';
  return `dist/bin.cjs changed while the tests ran (${before} -> ${after}): something ran the build in the checkout; every result that used dist/ meanwhile is void.`;
}

export default function setup(project: TestProject): () => void {
  project.provide('staleDist', staleDist(PROJECT_ROOT));
  const before = bundleIdentity(PROJECT_ROOT);
  return () => {
    const rebuilt = rebuiltDuringRun(PROJECT_ROOT, before);
    if (!rebuilt) return;
    // An error thrown here is printed but leaves vitest's exit status 0: fail the run by hand.
    console.error(`\nFAIL ${rebuilt}\n`);
    process.exitCode = 1;
  };
}
