// `keyguard baseline`: records the findings of today as known, so that scans report only new ones.
// Entries hold a fingerprint, the rule, the path and a reason for humans: no secret, no
// masked secret, no line number.
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ANY_PATH, formatBaseline, parseBaseline, type BaselineEntry } from '../config/baseline.js';
import { diskReader } from '../config/load-config.js';
import { requireRepository } from '../git/repository.js';
import { listTrackedFiles } from '../git/tracked-files.js';
import { helpResult, type CliIo, type CliResult } from '../cli-io.js';
import { KeyguardError, notices } from '../errors.js';
import { ensureWritable, UnsafePathError } from '../install/safe-path.js';
import { installMessages, messages } from '../messages.js';
import { writeOutputFile } from '../output.js';
import { loadFilters } from '../scan/filters.js';
import { scanPaths } from '../scan/scan.js';
import { naming, parse } from './args.js';

export const help = `Usage: keyguard baseline [paths...] [options]

Records the AWS credentials found today in tracked files (or in paths) as
known, in .keyguard-baseline.json (or the file the configuration's "baseline"
names), so that scans report only new ones. Commit it with your change.

Options:
  --prune                drop entries that no longer match anything
  --anywhere             new entries match the same secret in any file, not
                         only its own
  --reason <text>        a note for humans, stored with new entries
  -h, --help             show this help
`;

export async function run(args: readonly string[], io: CliIo): Promise<CliResult> {
  const { values, positionals } = parse('baseline', args, {
    prune: { type: 'boolean' },
    anywhere: { type: 'boolean' },
    reason: { type: 'string' },
  });
  if (values.help) return helpResult(help);
  try {
    const outcome = await naming('keyguard baseline', () =>
      writeBaseline({
        cwd: io.cwd,
        env: io.env,
        paths: positionals,
        prune: values.prune === true,
        anywhere: values.anywhere === true,
        reason: values.reason ?? '',
      }),
    );
    return {
      exitCode: 0,
      stdout: notices([messages.baselineWritten(outcome.file, outcome.total, outcome.added, outcome.removed)]),
      stderr: '',
    };
  } catch (error) {
    if (!(error instanceof UnsafePathError)) throw error;
    const shown = (path: string) => relative(io.cwd, path) || '.';
    throw new KeyguardError(installMessages.unsafePath(shown(error.target), shown(error.path), error.reason), {
      cause: error,
    });
  }
}

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
          (await listTrackedFiles({ ...options, topLevel: root })).filter(
            (p) => p !== filters.config.baseline && existsSync(join(root, p)),
          ),
          { cwd: root, filters },
        );
  const file = join(root, filters.config.baseline);
  // Both files are checked before either is read or written: a tracked symlink must not decide where
  // keyguard writes, nor have a private file's content copied into the repository.
  await ensureWritable(root, join(root, '.gitattributes'));
  await ensureWritable(root, file, { create: true });
  const text = await diskReader(root)(filters.config.baseline);
  const existing = text === undefined ? [] : parseBaseline(text, filters.config.baseline);
  const found = result.findings.map(({ path, finding }) => ({
    fingerprint: finding.fingerprint,
    rule: finding.rule,
    path: options.paths.length > 0 ? toRepo(path) : path,
  }));
  // With paths, only the entries of files under those paths were looked for: the others stay as they are.
  const scopes = options.paths.map(toRepo);
  const inScope = (e: BaselineEntry) =>
    options.paths.length === 0 ||
    (e.path !== ANY_PATH && scopes.some((s) => s === '' || e.path === s || e.path.startsWith(`${s}/`)));
  const stillFound = (e: BaselineEntry) =>
    found.some((f) => f.fingerprint === e.fingerprint && (e.path === ANY_PATH || e.path === f.path));
  const moved = new Set<string>();
  const followed = existing.map((e) => (inScope(e) && !stillFound(e) ? followRename(e, found, existing, moved) : e));
  const kept = options.prune ? followed.filter((e) => !inScope(e) || stillFound(e)) : followed;
  const known = new Set(kept.map((e) => `${e.path}\0${e.fingerprint}`));
  const added: BaselineEntry[] = [];
  if (!options.prune) {
    for (const f of found) {
      // A finding an entry already covers is not new, with --anywhere too: that flag widens new entries only.
      if (known.has(`${f.path}\0${f.fingerprint}`) || known.has(`${ANY_PATH}\0${f.fingerprint}`)) continue;
      const path = options.anywhere ? ANY_PATH : f.path;
      known.add(`${path}\0${f.fingerprint}`);
      added.push({ fingerprint: f.fingerprint, rule: f.rule, path, reason: options.reason });
    }
  }
  const entries = [...kept, ...added];
  await writeOutputFile(file, formatBaseline(entries));
  await markUnionMerge(root, filters.config.baseline);
  return {
    file: filters.config.baseline,
    total: entries.length,
    added: added.length,
    removed: existing.length - kept.length,
  };
}

/**
 * A path-bound entry whose file no longer holds its secret, while exactly one other file holds it and
 * has no entry for it: the file was renamed (or the lines moved to another file), so the entry moves
 * there with its reason. A staged rename passes with the old path (the scan follows git's rename
 * source), but later commits see only the new path. Several candidates are copies: no guess.
 */
function followRename(
  entry: BaselineEntry,
  found: ReadonlyArray<{ fingerprint: string; path: string }>,
  existing: readonly BaselineEntry[],
  moved: Set<string>,
): BaselineEntry {
  if (entry.path === ANY_PATH) return entry;
  const covered = (path: string) =>
    moved.has(`${path}\0${entry.fingerprint}`) ||
    existing.some((e) => e.fingerprint === entry.fingerprint && (e.path === path || e.path === ANY_PATH));
  const candidates = new Set(
    found.filter((f) => f.fingerprint === entry.fingerprint && !covered(f.path)).map((f) => f.path),
  );
  const [only] = candidates;
  if (candidates.size !== 1 || only === undefined) return entry;
  moved.add(`${only}\0${entry.fingerprint}`);
  return { ...entry, path: only };
}

/**
 * Two branches that both add entries would conflict where they insert next to each other; git's union
 * merge driver keeps the lines of both sides instead (https://git-scm.com/docs/gitattributes#_built_in_merge_drivers).
 */
async function markUnionMerge(root: string, baseline: string): Promise<void> {
  const file = join(root, '.gitattributes');
  const line = `/${baseline.replace(/^\/+/, '')} merge=union`;
  const current = (await diskReader(root)('.gitattributes')) ?? '';
  if (current.split(/\r?\n/).some((l) => l.trim() === line)) return;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  await writeOutputFile(file, `${current}${separator}# keyguard: merge baseline entries from both sides\n${line}\n`);
}
