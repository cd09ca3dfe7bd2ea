// Every test file's setup: an integration or e2e file fails at once, with the reason, when dist/ is
// older than the sources it is built from (dist-freshness.ts, the global setup, found out).
import { sep } from 'node:path';
import { beforeAll, inject } from 'vitest';

// biome-ignore lint/correctness/noEmptyPattern: vitest reads the first parameter as a destructured test context and rejects any other form.
beforeAll(({}, suite) => {
  const path = suite.file.filepath.split(sep).join('/');
  const stale = inject('staleDist');
  if (stale && /\/test\/(integration|e2e)\//.test(path)) throw new Error(stale);
});
