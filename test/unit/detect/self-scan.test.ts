// This repository must pass its own scanner: no tracked file holds anything the
// detector reports, not even a test fixture, because every fake credential is built at run time.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/detect/index.js';
import { PROJECT_ROOT } from '../../support/git-repo.js';

const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((path) => path.length > 0);

describe('the repository scans clean', () => {
  it('has tracked files', () => expect(tracked.length).toBeGreaterThan(10));

  it('reports nothing in any tracked file', () => {
    const found: string[] = [];
    for (const path of tracked) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(PROJECT_ROOT, path));
      } catch {
        continue; // deleted in the work tree but still in the index
      }
      if (bytes.subarray(0, 8192).includes(0)) continue; // binary, as git decides
      for (const f of detect(bytes.toString('utf8'), { path }))
        found.push(`${path}:${f.line}:${f.column} ${f.rule} ${f.masked}`);
    }
    expect(found).toEqual([]);
  });
});
