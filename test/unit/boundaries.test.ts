// The pure rooms stay pure: detect/ and report/ never touch the file system, processes or globals.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/git-repo.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

const FORBIDDEN =
  /from\s+['"](node:)?(fs|fs\/promises|child_process|os|net|http|https)['"]|\bprocess\.|import\(['"](node:)?(fs|child_process)/;

describe.each(['detect', 'report'])('src/%s', (room) => {
  const files = sources(join(PROJECT_ROOT, 'src', room));
  it('has source files', () => expect(files.length).toBeGreaterThan(0));
  it.each(files.map((f) => relative(PROJECT_ROOT, f)))('%s uses no fs, child_process or process', (file) => {
    const code = readFileSync(join(PROJECT_ROOT, file), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*)/.test(line))
      .join('\n');
    expect(code).not.toMatch(FORBIDDEN);
  });
});

describe('only src/git runs git', () => {
  it.each(
    sources(join(PROJECT_ROOT, 'src'))
      .filter((f) => !f.includes('/src/git/'))
      .map((f) => relative(PROJECT_ROOT, f)),
  )('%s does not spawn git', (file) => {
    expect(readFileSync(join(PROJECT_ROOT, file), 'utf8')).not.toMatch(
      /spawn\w*\(\s*['"]git['"]|execFile\w*\(\s*['"]git['"]/,
    );
  });
});

/** The module specifiers a file imports (static, type-only and dynamic). */
function imports(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

// Data flows from detect to report, never back: the detector makes the masked form itself
// (detect/mask-value.ts) and the reports read the rule catalog from detect/. The detector reads no
// configuration and runs no git: it imports its own modules, and from outside only src/sha256.ts (the
// fingerprint hash, which loads node:crypto on first use so the detector does not have to).
describe('detect imports only detect', () => {
  const detectDir = join(PROJECT_ROOT, 'src', 'detect');
  it.each(sources(detectDir).map((f) => relative(PROJECT_ROOT, f)))('%s', (file) => {
    const code = readFileSync(join(PROJECT_ROOT, file), 'utf8');
    for (const specifier of imports(code)) {
      const target = specifier.startsWith('.')
        ? relative(PROJECT_ROOT, join(PROJECT_ROOT, file, '..', specifier))
        : specifier;
      const allowed = target.startsWith('src/detect/') || target === 'src/sha256.js';
      expect(allowed, `${file} imports ${specifier}`).toBe(true);
    }
  });

  it('finds imports, so the check above can fail', () => {
    expect(
      imports(`import { a } from '../report/mask.js';
export { b } from "./x.js";
const m = await import('../git/exec.js');`),
    ).toEqual(['../report/mask.js', './x.js', '../git/exec.js']);
  });
});

// No module-loader tricks in the detector (createRequire, require), and Buffer only as a codec:
// `Buffer.from(text, 'base64')` is how it decodes the encoded layers it scans (and how its examples
// encode them), which is pure computation; allocating or reading other Buffer state is not needed there.
describe('detect uses no createRequire and Buffer only to decode', () => {
  it.each(sources(join(PROJECT_ROOT, 'src', 'detect')).map((f) => relative(PROJECT_ROOT, f)))('%s', (file) => {
    const code = readFileSync(join(PROJECT_ROOT, file), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*)/.test(line))
      .join('\n');
    expect(code).not.toMatch(/\bcreateRequire\b|\brequire\(/);
    expect(code.replace(/\bBuffer\.from\(/g, '')).not.toMatch(/\bBuffer\b/);
  });
});

// The command layer has no cycle: bin.ts -> cli.ts -> (lazily) commands/ -> cli-io.ts, never back to cli.ts;
// and cli.ts loads the commands, the scan and the report only when they are run.
describe('the command layer', () => {
  const importsOf = (file: string) =>
    [
      ...readFileSync(join(PROJECT_ROOT, file), 'utf8').matchAll(
        /^(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm,
      ),
    ].map((m) => ({ path: (m[1] ?? m[2])!, lazy: m[2] !== undefined, typeOnly: /^import\s+type\b/.test(m[0]) }));

  it.each(
    sources(join(PROJECT_ROOT, 'src'))
      .filter((f) => !f.endsWith('/src/bin.ts'))
      .map((f) => relative(PROJECT_ROOT, f)),
  )('%s does not import cli.ts (only bin.ts does)', (file) => {
    expect(importsOf(file).map((i) => i.path)).not.toContainEqual(expect.stringMatching(/(^|\/)cli\.js$/));
  });

  it('cli.ts imports the commands, the scan and the report only lazily', () => {
    const eager = importsOf('src/cli.ts')
      .filter((i) => !i.lazy && !i.typeOnly)
      .map((i) => i.path);
    expect(eager.length).toBeGreaterThan(0);
    for (const path of eager) expect(path).not.toMatch(/commands\/|scan\/|report\//);
  });

  it('commands/scan.ts loads the report only lazily', () => {
    const eager = importsOf('src/commands/scan.ts')
      .filter((i) => !i.lazy && !i.typeOnly)
      .map((i) => i.path);
    expect(eager).toContain('../report/formats.js');
    expect(eager.filter((p) => /report\//.test(p) && p !== '../report/formats.js')).toEqual([]);
  });

  it('the scan service the API exports is outside commands/', () => {
    const api = importsOf('src/index.ts').map((i) => i.path);
    expect(api).toContain('./scan/scan.js');
    expect(api.filter((p) => p.includes('commands/'))).toEqual([]);
  });
});
