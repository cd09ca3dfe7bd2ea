// `npm run build`: type checking and declarations with tsc, then the two bundles esbuild makes.
//
// - dist/index.js: the API, an ES module (picocolors and picomatch included).
// - dist/bin.cjs: the command line, the hook's hot path. CommonJS on purpose: Node 20 starts a CommonJS
//   file faster than an ES module (no ESM loader), and bin/keyguard.cjs can compile a script with V8's
//   code cache, which it cannot do for a module. Its first line names the build (a hash of the rest), so
//   a code cache made from one build is never used with another (see bin/keyguard.cjs).
// - dist/allow-pattern.cjs: src/config/allow-pattern.ts and re2js, the engine of the configuration's
//   allow patterns, and dist/jsonc.cjs: src/config/jsonc.ts and jsonc-parser, for a .keyguard.json with
//   comments; the command line requires each on first use (below).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
  stdio: 'inherit',
});

// The JSON Schema of .keyguard.json, made from what the configuration's parser checks (the module tsc
// just compiled), so the shipped file cannot drift from it; test/unit/config/schema.test.ts fails when
// the committed file is not this one.
const { configSchemaText, SCHEMA_FILE } = await import(pathToFileURL(join(DIST, 'config', 'schema.js')).href);
mkdirSync(join(ROOT, dirname(SCHEMA_FILE)), { recursive: true });
writeFileSync(join(ROOT, SCHEMA_FILE), configSchemaText());

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: ROOT };

// Code only some configurations need is a minified file of its own, which the bundle requires on first
// use (below). re2js, the engine of the configuration's `allow` patterns, is about as big as the rest of
// the command line; jsonc-parser reads a `.keyguard.json` with comments or trailing commas (plain JSON
// needs only JSON.parse). Left in the bundle, every start of the hook would read them and compile (or
// load from the code cache) code most commits never run. Minified: Node compiles them without the code
// cache, and fewer bytes parse faster (this also drops re2js's JSDoc comments, whose
// `import('./index.js')` types the check below would take for a dynamic import).
const CHUNKS = [
  // `marker`: a name in the library's code, which must not appear in dist/bin.cjs.
  { file: 'allow-pattern.cjs', entry: 'src/config/allow-pattern.ts', module: /[\\/]allow-pattern\.js$/, marker: 'RE2JS' },
  { file: 'jsonc.cjs', entry: 'src/config/jsonc.ts', module: /[\\/]jsonc\.js$/, marker: 'createScanner' },
];
const chunks = await Promise.all(
  CHUNKS.map(async (chunk) => {
    const built = await build({ ...common, entryPoints: [chunk.entry], format: 'cjs', minify: true, write: false, outfile: join(DIST, chunk.file) });
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

// The API, an ES module, imports the same file: Node finds its named exports (esbuild writes CommonJS
// output that Node's lexer reads).
await build({
  ...common,
  entryPoints: ['src/index.ts'],
  format: 'esm',
  outfile: join(DIST, 'index.js'),
  plugins: [
    {
      name: 'external-chunks',
      setup(b) {
        for (const chunk of CHUNKS) {
          b.onResolve({ filter: chunk.module }, (args) =>
            args.kind === 'dynamic-import' ? { path: `./${chunk.file}`, external: true } : undefined,
          );
        }
      },
    },
  ],
});

const bin = await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  format: 'cjs',
  write: false,
  outfile: join(DIST, 'bin.cjs'),
  plugins: [lazyChunks],
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
  if (code.includes(chunk.marker)) throw new Error(`dist/bin.cjs would include what dist/${chunk.file} is for: see lazyChunks`);
}
const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
for (const chunk of chunks) writeFileSync(join(DIST, chunk.file), chunk.text);
writeFileSync(join(DIST, 'bin.cjs'), `// keyguard-build ${id}\n${code}`);
