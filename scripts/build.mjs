// `npm run build`: type checking and declarations with tsc, then the two bundles esbuild makes.
//
// - dist/index.js: the API, an ES module (picocolors and picomatch included).
// - dist/bin.cjs: the command line, the hook's hot path. CommonJS on purpose: Node 20 starts a CommonJS
//   file faster than an ES module (no ESM loader), and bin/keyguard.cjs can compile a script with V8's
//   code cache, which it cannot do for a module. Its first line names the build (a hash of the rest), so
//   a code cache made from one build is never used with another (see bin/keyguard.cjs).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
  stdio: 'inherit',
});

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: ROOT };
await build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', outfile: join(DIST, 'index.js') });

const bin = await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  format: 'cjs',
  write: false,
  outfile: join(DIST, 'bin.cjs'),
  // The sources are ES modules: their one use of import.meta (finding the package root) gets the
  // bundle's own URL.
  define: { 'import.meta.url': '__keyguard_bundle_url' },
  banner: { js: "'use strict';\nvar __keyguard_bundle_url = require('node:url').pathToFileURL(__filename).href;" },
});
const code = bin.outputFiles[0].text;
// bin/keyguard.cjs runs the bundle as a script, where import() has nowhere to load from: esbuild inlines
// keyguard's own lazy imports, and a Node built-in must be required (createRequire) instead.
const dynamic = /\bimport\(\s*["'][^"']+["']\s*\)/.exec(code);
if (dynamic) throw new Error(`dist/bin.cjs would keep a dynamic ${dynamic[0]}: use createRequire for Node built-ins`);
const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
writeFileSync(join(DIST, 'bin.cjs'), `// keyguard-build ${id}\n${code}`);
