// `keyguard baseline`: records the findings of today as known, so that scans report only new ones
// (issue 6). Entries hold a fingerprint, the rule, the path and a reason for humans: no secret, no
// masked secret, no line number.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { ANY_PATH, formatBaseline, parseBaseline, type BaselineEntry } from '../config/baseline.js';
import { diskReader } from '../config/load-config.js';
import { requireRepository } from '../git/repository.js';
import { listTrackedFiles } from '../git/tracked-files.js';
import { writeFileAtomic } from '../output.js';
import { loadFilters, scanPaths } from './scan.js';

export interface BaselineOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  paths: readonly string[];
  prune: boolean;
  anywhere: boolean;
  reason: string;
}

export interface BaselineOutcome {
  file: string;
  total: number;
  added: number;
  removed: number;
}

export async function writeBaseline(options: BaselineOptions): Promise<BaselineOutcome> {
  const repository = await requireRepository(options);
  const root = repository.topLevel ?? options.cwd;
  // The baseline itself does not filter what it records; inline allows and the configuration still do.
  const filters = await loadFilters(diskReader(root), root, { noBaseline: true });
  const toRepo = (path: string) => relative(root, resolve(options.cwd, path)).split(sep).join('/');
  const result =
    options.paths.length > 0
      ? await scanPaths(options.paths, { cwd: options.cwd, filters })
      : await scanPaths(
          // A tracked file deleted in the work tree has nothing left to record.
          (await listTrackedFiles({ ...options, topLevel: root })).filter((p) => p !== filters.config.baseline && existsSync(join(root, p))),
          { cwd: root, filters },
        );
  const file = join(root, filters.config.baseline);
  const existing = await readFile(file, 'utf8').then(
    (text) => parseBaseline(text, filters.config.baseline),
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  const found = result.findings.map(({ path, finding }) => ({
    fingerprint: finding.fingerprint,
    rule: finding.rule,
    path: options.paths.length > 0 ? toRepo(path) : path,
  }));
  const stillFound = (e: BaselineEntry) => found.some((f) => f.fingerprint === e.fingerprint && (e.path === ANY_PATH || e.path === f.path));
  const kept = options.prune ? existing.filter(stillFound) : existing;
  const known = new Set(kept.map((e) => `${e.path}\0${e.fingerprint}`));
  const added: BaselineEntry[] = [];
  if (!options.prune) {
    for (const f of found) {
      const path = options.anywhere ? ANY_PATH : f.path;
      if (known.has(`${path}\0${f.fingerprint}`) || known.has(`${ANY_PATH}\0${f.fingerprint}`)) continue;
      known.add(`${path}\0${f.fingerprint}`);
      added.push({ fingerprint: f.fingerprint, rule: f.rule, path, reason: options.reason });
    }
  }
  const entries = [...kept, ...added];
  await writeFileAtomic(file, formatBaseline(entries));
  await markUnionMerge(root, filters.config.baseline);
  return { file: filters.config.baseline, total: entries.length, added: added.length, removed: existing.length - kept.length };
}

/**
 * Two branches that both add entries would conflict where they insert next to each other; git's union
 * merge driver keeps the lines of both sides instead (https://git-scm.com/docs/gitattributes#_built_in_merge_drivers).
 */
async function markUnionMerge(root: string, baseline: string): Promise<void> {
  const file = join(root, '.gitattributes');
  const line = `/${baseline.replace(/^\/+/, '')} merge=union`;
  const current = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  if (current.split(/\r?\n/).some((l) => l.trim() === line)) return;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  await writeFileAtomic(file, `${current}${separator}# keyguard: merge baseline entries from both sides\n${line}\n`);
}
