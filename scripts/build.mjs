// `npm run build`: type checking and declarations with tsc, then the bundles esbuild makes.
//
// - dist/bin.cjs: the command line, the hook's hot path, and the API's code. CommonJS on purpose: Node 20
//   starts a CommonJS file faster than an ES module (no ESM loader), and bin/keyguard.cjs can compile a
//   script with V8's code cache, which it cannot do for a module. Its first line names the build (a hash
//   of the rest), so a code cache made from one build is never used with another (see bin/keyguard.cjs).
//   Minified (close to half the size) with esbuild's keepNames: V8 names a stack frame after the
//   function's `name`, so a KEYGUARD_DEBUG=1 stack trace keeps the functions' own names.
// - dist/index.js: the API, an ES module of a few lines that loads dist/bin.cjs (which then exports the
//   API instead of running the command line): the package ships the code once.
// - dist/index.d.ts and the declarations it imports, nothing else: the package's types are the API's.
// - dist/allow-pattern.cjs: src/config/allow-pattern.ts and re2js, the engine of the configuration's
//   allow patterns, which the command line requires on first use (below).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--emitDeclarationOnly'],
  { stdio: 'inherit' },
);
// Only the declarations dist/index.d.ts reaches (its imports, theirs, ...); the others describe internal
// modules no user can import.
const declarations = new Set();
const pending = [join(DIST, 'index.d.ts')];
while (pending.length > 0) {
  const file = pending.pop();
  if (declarations.has(file)) continue;
  declarations.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)\.js['"]/g)) {
    pending.push(join(dirname(file), `${m[1]}.d.ts`));
  }
}
for (const entry of readdirSync(DIST, { recursive: true, withFileTypes: true })) {
  const file = join(entry.parentPath, entry.name);
  if (entry.isFile() && !declarations.has(file)) rmSync(file);
}
for (const entry of readdirSync(DIST, { recursive: true, withFileTypes: true }).reverse()) {
  if (entry.isDirectory() && readdirSync(join(entry.parentPath, entry.name)).length === 0) rmSync(join(entry.parentPath, entry.name), { recursive: true });
}

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: ROOT };

// re2js is about as big as the rest of the command line, and only a configuration with allow patterns
// needs it. Left in the bundle, every start of the hook would read it and compile (or load from the
// code cache) twice the code; as a file of its own, the bundle requires it only when a configuration
// has allow patterns. Minified: Node compiles it without the code cache, and fewer bytes parse faster
// (this also drops re2js's JSDoc comments, whose `import('./index.js')` types the check below would
// take for a dynamic import).
const ALLOW_PATTERN_CHUNK = 'allow-pattern.cjs';
const allowPattern = await build({
  ...common,
  entryPoints: ['src/config/allow-pattern.ts'],
  format: 'cjs',
  minify: true,
  write: false,
  outfile: join(DIST, ALLOW_PATTERN_CHUNK),
});
const lazyAllowPattern = {
  name: 'lazy-allow-pattern',
  setup(b) {
    b.onResolve({ filter: /[\\/]allow-pattern\.js$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: ALLOW_PATTERN_CHUNK, namespace: 'allow-pattern-chunk' } : undefined,
    );
    // The bundle runs with the `require` of bin/keyguard.cjs, whose relative paths start in bin/: the
    // chunk is found from the bundle's own directory (`__dirname`, dist/).
    b.onLoad({ filter: /.*/, namespace: 'allow-pattern-chunk' }, () => ({
      contents: `module.exports = require(require('node:path').join(__dirname, ${JSON.stringify(ALLOW_PATTERN_CHUNK)}));`,
      loader: 'js',
    }));
  },
};

const bin = await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  format: 'cjs',
  minify: true,
  keepNames: true,
  write: false,
  outfile: join(DIST, 'bin.cjs'),
  plugins: [lazyAllowPattern],
  // The sources are ES modules: their one use of import.meta (finding the package root) gets the
  // bundle's own URL.
  define: { 'import.meta.url': '__keyguard_bundle_url' },
  banner: { js: "'use strict';\nvar __keyguard_bundle_url = require('node:url').pathToFileURL(__filename).href;" },
});
const code = bin.outputFiles[0].text;
// bin/keyguard.cjs runs the bundle as a script, where import() has nowhere to load from: esbuild inlines
// keyguard's own lazy imports, and a Node built-in must be required (createRequire) instead.
for (const [name, text] of [['bin.cjs', code], [ALLOW_PATTERN_CHUNK, allowPattern.outputFiles[0].text]]) {
  const dynamic = /\bimport\(\s*["'][^"']+["']\s*\)/.exec(text);
  if (dynamic) throw new Error(`dist/${name} would keep a dynamic ${dynamic[0]}: use createRequire for Node built-ins`);
}
if (code.includes('RE2JS')) throw new Error('dist/bin.cjs would include the allow pattern engine: see lazyAllowPattern');
const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
writeFileSync(join(DIST, ALLOW_PATTERN_CHUNK), allowPattern.outputFiles[0].text);
writeFileSync(join(DIST, 'bin.cjs'), `// keyguard-build ${id}\n${code}`);
// src/bin.ts runs the command line unless this symbol is set while it loads: then it only exports the API.
writeFileSync(
  join(DIST, 'index.js'),
  [
    '// The API: the code is dist/bin.cjs, loaded as a library (it runs no command line when this is set).',
    "import { createRequire } from 'node:module';",
    "const flag = Symbol.for('keyguard.load-as-library');",
    'globalThis[flag] = true;',
    'let api;',
    'try {',
    "  api = createRequire(import.meta.url)('./bin.cjs');",
    '} finally {',
    '  delete globalThis[flag];',
    '}',
    'export const { detect, scanPaths, scanStaged } = api;',
    '',
  ].join('\n'),
);
const missing = Array.from(readFileSync(join(DIST, 'index.d.ts'), 'utf8').matchAll(/^export \{([^}]*)\} from/gm))
  .flatMap((m) => m[1].split(',').map((name) => name.trim()))
  .filter((name) => name !== '' && !['detect', 'scanPaths', 'scanStaged'].includes(name));
if (missing.length > 0) throw new Error(`dist/index.js does not export ${missing.join(', ')}: add it to the list above`);
