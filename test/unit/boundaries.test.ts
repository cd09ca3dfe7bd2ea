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

const FORBIDDEN = /from\s+['"](node:)?(fs|fs\/promises|child_process|os|net|http|https)['"]|\bprocess\.|import\(['"](node:)?(fs|child_process)/;

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
  it.each(sources(join(PROJECT_ROOT, 'src')).filter((f) => !f.includes('/src/git/')).map((f) => relative(PROJECT_ROOT, f)))(
    '%s does not spawn git',
    (file) => {
      expect(readFileSync(join(PROJECT_ROOT, file), 'utf8')).not.toMatch(/spawn\w*\(\s*['"]git['"]|execFile\w*\(\s*['"]git['"]/);
    },
  );
});

// Data flows from detect to report, never back: the detector makes the masked form itself
// (detect/mask-value.ts) and the reports read the rule catalog from detect/.
describe('detect does not import report', () => {
  it.each(sources(join(PROJECT_ROOT, 'src', 'detect')).map((f) => relative(PROJECT_ROOT, f)))('%s', (file) => {
    expect(readFileSync(join(PROJECT_ROOT, file), 'utf8')).not.toMatch(/from\s+['"][./]*\/report\/|import\(\s*['"][./]*\/report\//);
  });
});
