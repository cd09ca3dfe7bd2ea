// The check that keeps integration and e2e tests off a stale dist/ (test/support/dist-freshness.ts),
// on a directory laid out like the project, with file times set by hand; and the end-of-run check that
// nothing built dist/ again while the tests ran.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleIdentity, rebuiltDuringRun, staleDist } from '../support/dist-freshness.js';

const BUILT = ['dist/index.js', 'dist/allow-pattern.cjs', 'dist/jsonc.cjs', 'dist/bin.cjs'];
let root = '';

function write(path: string, seconds: number): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), '');
  utimesSync(join(root, path), seconds, seconds);
}

function project(sourceTime: number, builtTime: number): void {
  root = mkdtempSync(join(tmpdir(), 'keyguard-dist-'));
  for (const path of ['src/cli.ts', 'src/detect/layers.ts', 'scripts/build.mjs', 'tsconfig.build.json'])
    write(path, sourceTime);
  for (const path of BUILT) write(path, builtTime);
}

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('staleDist', () => {
  it('is empty when the build is newer than every source', () => {
    project(1_000, 2_000);
    expect(staleDist(root)).toBe('');
  });

  it('names the newest source when one changed after the build', () => {
    project(1_000, 2_000);
    write('src/detect/layers.ts', 3_000);
    expect(staleDist(root)).toBe(
      'dist/ is older than src/detect/layers.ts: integration and e2e tests run the built command line: run `npm run build` (`npm test` builds first).',
    );
  });

  it('counts the build script as a source, and the oldest bundle as the build', () => {
    project(1_000, 2_000);
    write('scripts/build.mjs', 2_500);
    expect(staleDist(root)).toMatch(/^dist\/ is older than scripts\/build\.mjs: /);
    write('scripts/build.mjs', 1_000);
    write('dist/index.js', 500);
    expect(staleDist(root)).toMatch(/^dist\/ is older than src\//);
  });

  it('says when a bundle is missing', () => {
    project(1_000, 2_000);
    rmSync(join(root, 'dist/bin.cjs'));
    expect(staleDist(root)).toMatch(/^dist\/bin\.cjs is missing: /);
  });
});

describe('rebuiltDuringRun', () => {
  it('is empty when dist/bin.cjs is the same file at the end', () => {
    project(1_000, 2_000);
    const before = bundleIdentity(root);
    expect(rebuiltDuringRun(root, before)).toBe('');
  });

  it('names a rebuild: dist/ deleted and written again, even with the same bytes and time', () => {
    project(1_000, 2_000);
    const before = bundleIdentity(root);
    rmSync(join(root, 'dist'), { recursive: true });
    for (const path of BUILT) write(path, 2_000);
    expect(rebuiltDuringRun(root, before)).toMatch(/^dist\/bin\.cjs changed while the tests ran \(.* -> .*\): /);
  });

  it('names a bundle deleted and not rebuilt', () => {
    project(1_000, 2_000);
    const before = bundleIdentity(root);
    rmSync(join(root, 'dist/bin.cjs'));
    expect(rebuiltDuringRun(root, before)).toContain('-> missing)');
  });
});
