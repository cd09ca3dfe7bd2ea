// A secret whose label is not right before its value (a SQL column list, an UPDATE's WHERE, a CSV
// header, a notebook cell's source, YAML comment lines, Unicode spaces around `=`), committed through
// a real hook that runs the built CLI: the commit is blocked at the value's line. The same structures
// holding no secret commit. Values are built at run time.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { negatives, positives, type DistantClass } from '../support/distant-labels.js';
import { seededRandom } from '../support/fake-credentials.js';
import { createRepo, writeScanHooks } from '../support/git-repo.js';

const rng = seededRandom(0xd15ea5e);
const found = positives(rng);
const clean = negatives(rng);

interface Report {
  findings: { path: string; line: number; rule: string }[];
}

function report(stderr: string): Report {
  return JSON.parse(stderr.slice(stderr.indexOf('{'), stderr.lastIndexOf('}') + 1)) as Report;
}

describe.each(Object.keys(found) as DistantClass[])('%s in a hooked commit', (kind) => {
  it('blocks the file holding a secret, and commits the same structure without one', () => {
    const repo = createRepo();
    try {
      writeScanHooks(join(repo.dir, '.git', 'hooks'), { args: ['scan', '--staged', '--format', 'json'] });
      const file = found[kind][0]!;
      repo.write(file.path, file.text);
      repo.git(['add', '.']);
      const blocked = repo.tryGit(['commit', '-m', 'add a file with a secret']);
      expect(blocked.status, blocked.stderr).toBe(1);
      expect(repo.tryGit(['rev-parse', '-q', '--verify', 'HEAD']).status).not.toBe(0);
      expect(report(blocked.stderr).findings.map((f) => [f.path, f.rule, f.line])).toEqual(
        file.lines.map((line) => [file.path, 'aws-secret-access-key', line]),
      );

      repo.git(['rm', '-q', '-f', file.path]);
      for (const [i, negative] of clean[kind].entries()) repo.write(`clean-${i}/${negative.path}`, negative.text);
      repo.git(['add', '.']);
      const committed = repo.tryGit(['commit', '-m', 'the same structures, no secret']);
      expect(committed.status, committed.stderr).toBe(0);
    } finally {
      repo.cleanup();
    }
  });
});
