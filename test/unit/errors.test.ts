// One error type, one prefix: every room's user-facing failure is a KeyguardError, and `keyguard: ` is
// written in one place (src/errors.ts), where a line is printed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.js';
import { errorLine, KeyguardError, notice } from '../../src/errors.js';
import { BadRevisionError, GitSetupError } from '../../src/git/errors.js';
import { OutputError } from '../../src/output.js';
import { UnreadablePathError } from '../../src/scan/scan.js';
import { PROJECT_ROOT } from '../support/git-repo.js';

describe('KeyguardError', () => {
  it('prints as one line: the prefix once, the message, then the hint', () => {
    expect(errorLine(new KeyguardError('scan has no option -x.', { hint: 'See `keyguard scan --help`.' }))).toBe(
      'keyguard: scan has no option -x. See `keyguard scan --help`.',
    );
    expect(errorLine(new KeyguardError('nothing to scan.'))).toBe('keyguard: nothing to scan.');
  });

  it('exits 2 unless told otherwise', () => {
    expect(new KeyguardError('x').exitCode).toBe(2);
    expect(new KeyguardError('x', { exitCode: 1 }).exitCode).toBe(1);
  });

  it.each([
    ['GitSetupError', new GitSetupError('not-a-repository')],
    ['BadRevisionError', new BadRevisionError("git log: bad revision 'nope'")],
    ['ConfigError', new ConfigError('.keyguard.json: unknown key "x"')],
    ['OutputError', new OutputError('cannot write r.json: permission denied')],
    ['UnreadablePathError', new UnreadablePathError('cannot read x: no such file or directory')],
  ])('%s is a KeyguardError whose message has no prefix of its own', (_, error) => {
    expect(error).toBeInstanceOf(KeyguardError);
    expect(error.message).not.toMatch(/^keyguard/);
    expect(errorLine(error)).toMatch(/^keyguard: [^k]/);
  });
});

describe('`keyguard: ` is written only in src/errors.ts', () => {
  const files = readdirSync(join(PROJECT_ROOT, 'src'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(PROJECT_ROOT, join(e.parentPath, e.name)))
    // The reports' own lines (`✔ keyguard: no AWS credentials…`) are part of the report's text.
    .filter((f) => !f.startsWith('src/report/') && f !== 'src/errors.ts');

  it('has files to check, and errors.ts is where the prefix is', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(notice('x')).toBe('keyguard: x');
  });

  it.each(files)('%s', (file) => {
    const code = readFileSync(join(PROJECT_ROOT, file), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\/?\*)/.test(line))
      .join('\n');
    expect(code).not.toMatch(/[`'"]keyguard: /);
  });
});
