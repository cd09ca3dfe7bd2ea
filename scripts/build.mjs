// `npm run build`: type checking with tsc, the API's declarations in one file, then the bundles esbuild
// makes.
//
// - dist/bin.cjs: the command line, the hook's hot path, and the API's code. CommonJS on purpose: Node 20
//   starts a CommonJS file faster than an ES module (no ESM loader), and bin/keyguard.cjs can compile a
//   script with V8's code cache, which it cannot do for a module. The file is the module already inside
//   the function Node wraps a CommonJS module in (an expression whose value is that function), so the
//   bin compiles the file's text as it is. Its first line names the build (a hash of the rest), so a
//   code cache made from one build is never used with another (see bin/keyguard.cjs).
//   Minified (close to half the size), names too: esbuild's keepNames would keep the functions' own
//   names in a KEYGUARD_DEBUG=1 stack trace, but costs 5 kB of the 150 kB the packed package may weigh;
//   a trace still gives each frame's line and column in dist/bin.cjs.
// - dist/index.js: the API, an ES module of a few lines that runs dist/bin.cjs's function (which then
//   gives the API, through loadApi, instead of running the command line): the package ships the code once.
// - dist/index.d.ts: the API's declarations in one file (dts-bundle-generator), only the types the API
//   names and those they name in turn: the package's types are the API's, not the internal modules'.
// - dist/keyguard.cjs and dist/pre-commit: bin/keyguard.cjs minified and hooks/pre-commit without its
//   comment lines, the copies the tarball ships under those names (scripts/pack-manifest.mjs puts them
//   in place for `npm pack`): the comments are for whoever works on them, each shipped file links to
//   its commented source, and their kilobytes count against the packed size.
// - dist/allow-pattern.cjs: src/config/allow-pattern.ts and re2js, the engine of the configuration's
//   allow patterns, and dist/jsonc.cjs: src/config/jsonc.ts and jsonc-parser, for a .keyguard.json with
//   comments; the command line requires each on first use (below).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import dtsBundleGenerator from 'dts-bundle-generator';
import { build, transformSync } from 'esbuild';

const { generateDtsBundle } = dtsBundleGenerator;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--noEmit'],
  { stdio: 'inherit' },
);
const [declarations] = generateDtsBundle(
  [{ filePath: join(ROOT, 'src', 'index.ts'), output: { noBanner: true, exportReferencedTypes: false } }],
  { preferredConfigPath: join(ROOT, 'tsconfig.build.json') },
);
mkdirSync(DIST, { recursive: true });
writeFileSync(join(DIST, 'index.d.ts'), declarations);

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: ROOT };

// The JSON Schema of .keyguard.json, made from what the configuration's parser checks, so the shipped
// file cannot drift from it; test/unit/config/schema.test.ts fails when the committed file is not this
// one. tsc writes no JavaScript (the package ships declarations and bundles only): src/config/schema.ts
// is bundled in memory and imported from a data: URL.
const schemaModule = await build({ ...common, entryPoints: ['src/config/schema.ts'], format: 'esm', write: false });
const { configSchemaText, SCHEMA_FILE } = await import(
  `data:text/javascript;base64,${Buffer.from(schemaModule.outputFiles[0].text).toString('base64')}`
);
mkdirSync(join(ROOT, dirname(SCHEMA_FILE)), { recursive: true });
writeFileSync(join(ROOT, SCHEMA_FILE), configSchemaText());

// Code only some configurations need is a minified file of its own, which the bundle requires on first
// use (below). re2js, the engine of the configuration's `allow` patterns, is about as big as the rest of
// the command line; jsonc-parser reads a `.keyguard.json` with comments or trailing commas (plain JSON
// needs only JSON.parse). Left in the bundle, every start of the hook would read them and compile (or
// load from the code cache) code most commits never run. Minified: Node compiles them without the code
// cache, and fewer bytes parse faster (this also drops re2js's JSDoc comments, whose
// `import('./index.js')` types the check below would take for a dynamic import).
const CHUNKS = [
  // `marker`: a name in the library's code, which must not appear in dist/bin.cjs.
  {
    file: 'allow-pattern.cjs',
    entry: 'src/config/allow-pattern.ts',
    module: /[\\/]allow-pattern\.js$/,
    marker: 'RE2JS',
  },
  { file: 'jsonc.cjs', entry: 'src/config/jsonc.ts', module: /[\\/]jsonc\.js$/, marker: 'createScanner' },
];
const chunks = await Promise.all(
  CHUNKS.map(async (chunk) => {
    const built = await build({
      ...common,
      entryPoints: [chunk.entry],
      format: 'cjs',
      minify: true,
      write: false,
      outfile: join(DIST, chunk.file),
    });
    return { ...chunk, text: built.outputFiles[0].text };
  }),
);
const lazyChunks = {
  name: 'lazy-chunks',
  setup(b) {
    for (const chunk of CHUNKS) {
      b.onResolve({ filter: chunk.module }, (args) =>
        args.kind === 'dynamic-import' ? { path: chunk.file, namespace: 'lazy-chunk' } : undefined,
      );
    }
    // The bundle runs with the `require` of bin/keyguard.cjs, whose relative paths start in bin/: the
    // chunk is found from the bundle's own directory (`__dirname`, dist/).
    b.onLoad({ filter: /.*/, namespace: 'lazy-chunk' }, (args) => ({
      contents: `module.exports = require(require('node:path').join(__dirname, ${JSON.stringify(args.path)}));`,
      loader: 'js',
    }));
  },
};

// The sources reach Node built-ins they need late through `createRequire(import.meta.url)` (import() has
// no loader behind a script, see below). Inside the bundle the module's own `require` does the same
// job: the command line would otherwise load node:module at start-up, and with it Node's ES module
// loader, for nothing.
const ownRequire = {
  name: 'own-require',
  setup(b) {
    b.onResolve({ filter: /^node:module$/ }, () => ({ path: 'node:module', namespace: 'own-require' }));
    b.onLoad({ filter: /.*/, namespace: 'own-require' }, () => ({
      contents: 'export const createRequire = () => require;',
      loader: 'js',
    }));
  },
};

const bin = await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  format: 'cjs',
  minify: true,
  write: false,
  outfile: join(DIST, 'bin.cjs'),
  plugins: [lazyChunks, ownRequire],
  // The sources are ES modules: their one use of import.meta (finding the package root) gets the
  // bundle's own URL.
  define: { 'import.meta.url': '__keyguard_bundle_url' },
  banner: { js: "'use strict';\nvar __keyguard_bundle_url = require('node:url').pathToFileURL(__filename).href;" },
});
const code = bin.outputFiles[0].text;
// bin/keyguard.cjs runs the bundle as a script, where import() has nowhere to load from: esbuild inlines
// keyguard's own lazy imports, and a Node built-in must be required (createRequire) instead.
for (const [name, text] of [['bin.cjs', code], ...chunks.map((chunk) => [chunk.file, chunk.text])]) {
  const dynamic = /\bimport\(\s*["'][^"']+["']\s*\)/.exec(text);
  if (dynamic) throw new Error(`dist/${name} would keep a dynamic ${dynamic[0]}: use createRequire for Node built-ins`);
}
for (const chunk of chunks) {
  if (code.includes(chunk.marker))
    throw new Error(`dist/bin.cjs would include what dist/${chunk.file} is for: see lazyChunks`);
}
const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
for (const chunk of chunks) writeFileSync(join(DIST, chunk.file), chunk.text);
// The file is the bundle inside the function Node wraps a CommonJS module in, as one expression:
// bin/keyguard.cjs compiles it as it is, without building a second copy of the source (a 200 kB string)
// around it, and calls it with a module's arguments; so does dist/index.js.
writeFileSync(
  join(DIST, 'bin.cjs'),
  `// keyguard-build ${id}\n(function (exports, require, module, __filename, __dirname) {${code}\n})\n`,
);
// src/bin.ts runs the command line unless this symbol is set while it loads: then it only gives the API (loadApi).
writeFileSync(
  join(DIST, 'index.js'),
  [
    '// The API: the code is dist/bin.cjs (a CommonJS module as the function Node wraps it in), loaded as a',
    '// library: it runs no command line when the symbol below is set.',
    "import { readFileSync } from 'node:fs';",
    "import { createRequire } from 'node:module';",
    "import { dirname } from 'node:path';",
    "import { fileURLToPath } from 'node:url';",
    "import { runInThisContext } from 'node:vm';",
    "const file = fileURLToPath(new URL('./bin.cjs', import.meta.url));",
    "const flag = Symbol.for('keyguard.load-as-library');",
    'const bundle = { exports: {} };',
    'globalThis[flag] = true;',
    'try {',
    "  runInThisContext(readFileSync(file, 'utf8'), { filename: file })(",
    '    bundle.exports,',
    '    createRequire(file),',
    '    bundle,',
    '    file,',
    '    dirname(file),',
    '  );',
    '} finally {',
    '  delete globalThis[flag];',
    '}',
    'const api = await bundle.exports.loadApi();',
    'export const { detect, scanPaths, scanStaged } = api;',
    '',
  ].join('\n'),
);
// Every value the declarations export must be one dist/index.js exports.
const missing = Array.from(
  readFileSync(join(DIST, 'index.d.ts'), 'utf8').matchAll(
    /^export declare (?:function|const|let|var|class|enum) (\w+)/gm,
  ),
)
  .map((m) => m[1])
  .filter((name) => !['detect', 'scanPaths', 'scanStaged'].includes(name));
if (missing.length > 0)
  throw new Error(`dist/index.js does not export ${missing.join(', ')}: add it to the list above`);

// The launcher as the package ships it: the same code, minified (see the top of this file).
const launcher = transformSync(readFileSync(join(ROOT, 'bin', 'keyguard.cjs'), 'utf8'), {
  loader: 'js',
  target: 'node20',
  minify: true,
  legalComments: 'none',
}).code.replace(
  /^(#!.*\n)/,
  "$1// keyguard's launcher; with its comments: https://github.com/keyguard-dev/keyguard/blob/main/bin/keyguard.cjs\n",
);
if (!launcher.startsWith('#!/usr/bin/env node\n'))
  throw new Error('bin/keyguard.cjs lost its #! line in dist/keyguard.cjs');
writeFileSync(join(DIST, 'keyguard.cjs'), launcher);

// The hook's template as the package ships it: the same script without its comment lines, but for the
// marker line that tells keyguard's hooks from others (src/install/hook-script.ts).
const hookLines = readFileSync(join(ROOT, 'hooks', 'pre-commit'), 'utf8').split('\n');
const [shebang, marker] = hookLines;
if (shebang !== '#!/bin/sh' || !marker?.startsWith('# keyguard-managed-hook:'))
  throw new Error('hooks/pre-commit must start with #!/bin/sh and the keyguard-managed-hook line');
writeFileSync(
  join(DIST, 'pre-commit'),
  [
    shebang,
    marker,
    '# Explained line by line: https://github.com/keyguard-dev/keyguard/blob/main/hooks/pre-commit',
    ...hookLines.slice(2).filter((line) => !/^\s*#/.test(line)),
  ].join('\n'),
);
