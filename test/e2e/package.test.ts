// The package as `npm i` puts it on a user's disk: exactly these files, small, no dependencies, no build
// step in its manifest, a LICENSE, links that work from node_modules, and types for the API alone,
// checked by compiling a TypeScript consumer against the installed tarball.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/git-repo.js';
import { npmInstall, packKeyguard, type PackedKeyguard } from '../support/keyguard-package.js';

const PROJECT_URL = 'https://github.com/keyguard-dev/keyguard';

let packed: PackedKeyguard;
let listing: { path: string; size: number }[];
let manifest: Record<string, unknown> & { scripts?: Record<string, string> };
beforeAll(() => {
  packed = packKeyguard();
  // `tar -tvzf`: mode, owner, size, date, time, path.
  listing = spawnSync('tar', ['-tvzf', packed.tarball], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      return {
        path: fields
          .slice(5)
          .join(' ')
          .replace(/^package\//, ''),
        size: Number(fields[2]),
      };
    });
  manifest = JSON.parse(
    spawnSync('tar', ['-xzOf', packed.tarball, 'package/package.json'], { encoding: 'utf8' }).stdout,
  );
});
afterAll(() => packed?.cleanup());

describe('the tarball', () => {
  it('holds exactly the command line, its lazy chunks, the API, its declarations, the hook, the configuration schema, README and LICENSE', () => {
    expect(listing.map((f) => f.path).sort()).toEqual(
      [
        'LICENSE',
        'README.md',
        'bin/keyguard.cjs',
        'dist/allow-pattern.cjs',
        'dist/bin.cjs',
        'dist/index.d.ts',
        'dist/index.js',
        'dist/jsonc.cjs',
        'hooks/pre-commit',
        'package.json',
        'schema/keyguard.schema.json',
      ].sort(),
    );
  });

  it("ships the launcher as the build's comment-free copy of bin/keyguard.cjs, executable, the checkout's kept as it is", () => {
    const shipped = spawnSync('tar', ['-xzOf', packed.tarball, 'package/bin/keyguard.cjs'], {
      encoding: 'utf8',
    }).stdout;
    expect(shipped).toBe(readFileSync(join(PROJECT_ROOT, 'dist', 'keyguard.cjs'), 'utf8'));
    expect(shipped.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(shipped).not.toMatch(/^\s*\/\/ (?!keyguard's launcher)/m);
    expect(listing.find((f) => f.path === 'bin/keyguard.cjs')?.size).toBeLessThan(
      statSync(join(PROJECT_ROOT, 'bin', 'keyguard.cjs')).size,
    );
    const mode = spawnSync('tar', ['-tvzf', packed.tarball, 'package/bin/keyguard.cjs'], { encoding: 'utf8' }).stdout;
    expect(mode).toMatch(/^-rwx/);
    expect(readFileSync(join(PROJECT_ROOT, 'bin', 'keyguard.cjs'), 'utf8')).toMatch(/^\/\/ The `keyguard` command/m);
  });

  it("ships the hook's template without its comment lines but the marker, executable, the checkout's kept as it is", () => {
    const shipped = spawnSync('tar', ['-xzOf', packed.tarball, 'package/hooks/pre-commit'], {
      encoding: 'utf8',
    }).stdout;
    expect(shipped).toBe(readFileSync(join(PROJECT_ROOT, 'dist', 'pre-commit'), 'utf8'));
    const checkout = readFileSync(join(PROJECT_ROOT, 'hooks', 'pre-commit'), 'utf8');
    const code = (text: string) => text.split('\n').filter((line) => line.trim() !== '' && !/^\s*#/.test(line));
    expect(code(shipped)).toEqual(code(checkout));
    expect(shipped.split('\n').slice(0, 2)).toEqual(checkout.split('\n').slice(0, 2));
    expect(shipped.split('\n').filter((line) => /^\s*#/.test(line))).toHaveLength(3);
    const mode = spawnSync('tar', ['-tvzf', packed.tarball, 'package/hooks/pre-commit'], { encoding: 'utf8' }).stdout;
    expect(mode).toMatch(/^-rwx/);
  });

  it('is at most 150 kB packed and 550 kB unpacked', () => {
    expect(statSync(packed.tarball).size).toBeLessThanOrEqual(150_000);
    expect(listing.reduce((sum, f) => sum + f.size, 0)).toBeLessThanOrEqual(550_000);
  });

  it('has no runtime dependency and no script npm would run on install', () => {
    for (const field of [
      'dependencies',
      'optionalDependencies',
      'peerDependencies',
      'bundleDependencies',
      'bundledDependencies',
    ]) {
      expect(manifest[field], field).toBeUndefined();
    }
    for (const script of ['prepare', 'prepack', 'postpack', 'preinstall', 'install', 'postinstall']) {
      expect(manifest.scripts?.[script], script).toBeUndefined();
    }
    // The checkout keeps prepare: `npm install` in a clone builds dist/.
    const checkout = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(checkout.scripts.prepare).toBe('npm run build');
    expect(checkout.scripts.prepack).toContain('npm run build');
  });

  it('names its license, repository, homepage and issue tracker', () => {
    expect(manifest.license).toBe('MIT');
    const license = spawnSync('tar', ['-xzOf', packed.tarball, 'package/LICENSE'], { encoding: 'utf8' }).stdout;
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} keyguard contributors\n/);
    expect(manifest.repository).toEqual({ type: 'git', url: `git+${PROJECT_URL}.git` });
    expect(manifest.homepage).toBe(`${PROJECT_URL}#readme`);
    expect(manifest.bugs).toEqual({ url: `${PROJECT_URL}/issues` });
  });

  it("README's links and the command line's references to documents all work from node_modules", () => {
    const shipped = new Set(listing.map((f) => f.path));
    const readme = spawnSync('tar', ['-xzOf', packed.tarball, 'package/README.md'], { encoding: 'utf8' }).stdout;
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
    expect(links.length).toBeGreaterThan(5);
    const bundle = spawnSync('tar', ['-xzOf', packed.tarball, 'package/dist/bin.cjs'], { encoding: 'utf8' }).stdout;
    const urls = [
      ...`${readme}\n${bundle}`.matchAll(
        /https:\/\/github\.com\/keyguard-dev\/keyguard\/(?:blob|tree)\/main\/([\w./-]*[\w/])/g,
      ),
    ];
    expect(urls.length).toBeGreaterThan(5);
    for (const link of links) {
      if (/^https?:/.test(link)) continue;
      // A relative link must name a shipped file (anchors aside).
      expect(shipped, link).toContain(link.replace(/#.*$/, ''));
    }
    // A URL into this repository names a file or directory it has.
    for (const [url, path = ''] of urls) expect(existsSync(join(PROJECT_ROOT, path)), url).toBe(true);
    // The command line names no document by a path that exists only in the repository.
    expect(bundle.replace(/https:\/\/\S+/g, '')).not.toMatch(/\bdocs\/[\w-]+\.md/);
    // The $schema of README's configuration example is the shipped schema, seen from the repository's top.
    const schemas = [...readme.matchAll(/"\$schema":\s*"\.\/node_modules\/keyguard\/([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(schemas.length).toBeGreaterThan(0);
    for (const schema of schemas) expect(shipped, schema).toContain(schema);
  });
});

describe('npm i -D <tarball> in a TypeScript project', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'keyguard-consumer-'));
    writeFileSync(
      join(dir, 'package.json'),
      '{ "name": "consumer", "version": "1.0.0", "private": true, "type": "module" }\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs without a warning about install scripts', () => {
    const r = npmInstall(dir, ['-D', packed.tarball]);
    expect(r.stdout + r.stderr).not.toMatch(/install-scripts|allowScripts|prepare/);
    expect(existsSync(join(dir, 'node_modules', 'keyguard', 'bin', 'keyguard.cjs'))).toBe(true);
  });

  it('compiles a consumer of the API with strict settings and no skipLibCheck, and runs it', () => {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: false,
          outDir: 'out',
          typeRoots: [join(PROJECT_ROOT, 'node_modules', '@types')],
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    writeFileSync(
      join(dir, 'consumer.ts'),
      [
        "import { detect, scanPaths, scanStaged, type Finding, type RuleId, type ScanResult } from 'keyguard';",
        "const findings: Finding[] = detect('no key here');",
        'const rules: RuleId[] = findings.map((f) => f.rule);',
        "const files: Promise<ScanResult> = scanPaths(['consumer.ts']);",
        'const staged: Promise<ScanResult> = scanStaged({ cwd: process.cwd(), env: process.env });',
        'void staged.catch(() => undefined);',
        '// @ts-expect-error detect takes text',
        'const wrong = () => detect(42);',
        'void wrong;',
        "// @ts-expect-error internal modules are not the package's API (unused, this would fail the compile)",
        "await import('keyguard/dist/cli.js').catch(() => undefined);",
        'const result = await files;',
        'console.log(`${rules.length} ${result.scannedFiles} ${result.findings.length}`);',
        '',
      ].join('\n'),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const run = spawnSync(process.execPath, [join(dir, 'out', 'consumer.js')], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('0 1 0\n');
  });
});
