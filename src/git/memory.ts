// V8 settings changed at run time for big staged diffs (the budgets of docs/staged-changes.md): early
// garbage collection while many megabytes stream in and around big blobs, and fewer optimising
// compilations.
//
// Early garbage collection, for the memory budget (peak RSS under 150 MB with a 50 MB multi-line file
// and a 50 MB single-line file staged) and for throughput.
//
// A big blob costs its bytes plus its decoded text while it is decoded; that much is unavoidable for a
// detector that takes a string. What is avoidable is garbage V8 has no reason to collect yet:
// - the chunks (up to 64 KB) the pipe from `git cat-file` delivers, each its own allocation, screened or
//   copied into a blob's buffer and dropped, when the reader cannot read into buffers of its own (see
//   cat-file-batch.ts). V8 counts them as outside its heap and collects them late: about 20 MB of them
//   pile up while a 50 MB blob streams in, and every chunk of a 30 MB diff is then memory the process
//   never touched before, which costs the system more than the copy (page by page). Collected every
//   PULSE_BYTES, the next chunks reuse the memory of the last ones;
// - the previous big blob's bytes and text, still uncollected when the next one is read (and still
//   referenced from suspended async frames unless the reader lets go of it: see staged-changes.ts).
//
// `--expose-gc` set at run time is the only way to ask V8 for a collection without a command-line flag
// (the hook runs plain `node`). If a future Node refuses it, nothing is collected early and everything
// still works, with more memory. Only scans that read a blob of BIG_BLOB or more, or THROUGHPUT_BYTES of
// blobs through Node's chunks, pay for it: loading node:v8 and a new context, then a millisecond or less
// per minor collection of keyguard's small heap.
import { createRequire } from 'node:module';

/** Blobs at least this big trigger a major collection before they are read and after they are decoded. */
export const BIG_BLOB = 8 * 1024 * 1024;
/** Once a scan has read THROUGHPUT_BYTES, a minor collection every this many bytes frees the pipe's chunks. */
export const PULSE_BYTES = 1024 * 1024;

type Collect = (options?: { type: 'minor' }) => void;
let collector: Collect | null | undefined;

/**
 * Set on `process` once keyguard changed a V8 flag. V8 stamps its code cache with a hash of the flags,
 * so a cache written after a change would be rejected by the next start (with default flags):
 * bin/keyguard.cjs does not write the cache in such a run.
 */
const V8_FLAGS_CHANGED = Symbol.for('keyguard.v8-flags-changed');
/**
 * Put on `process` by bin/keyguard.cjs when this run is to write the code cache: it writes it now, with
 * the flags of a plain start, so that the first change of a flag does not cost the next start its cache.
 */
const BEFORE_V8_FLAGS_CHANGE = Symbol.for('keyguard.before-v8-flags-change');

function setV8Flag(flag: string): void {
  const state = process as unknown as Record<symbol, unknown>;
  if (!state[V8_FLAGS_CHANGED]) (state[BEFORE_V8_FLAGS_CHANGE] as (() => void) | undefined)?.();
  // require, not import(): the command line is a CommonJS bundle run as a script (bin/keyguard.cjs),
  // where import() has no loader to go to.
  const require = createRequire(import.meta.url);
  const v8 = require('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString(flag);
  state[V8_FLAGS_CHANGED] = true;
}

/** After this many bytes of blobs a scan is bound by throughput, not start-up: see `preferThroughput`. */
export const THROUGHPUT_BYTES = 4 * 1024 * 1024;
let throughput = false;

/**
 * Fewer optimising (TurboFan) compilations from here on. While tens of megabytes stream in from git, V8
 * keeps compiling the functions that grow hot on background threads, and on a 2-core machine those
 * threads take CPU from the git process that is inflating the blobs, the real bottleneck. Raising the
 * interrupt budget (bytecode executed before V8 considers optimising a function; 66 KB by default in
 * Node 20's V8 11) makes only the really hot loops (the screen) worth compiling (docs/performance.md
 * has the benchmark). Only V8 11 (Node 20) has the flag: the V8 12 of Node 22 and the V8
 * 13 of Node 24 print `unrecognized flag` into the user's commit output, so any other V8 runs unchanged.
 */
export function preferThroughput(): void {
  if (throughput) return;
  throughput = true;
  const major = Number(process.versions.v8.split('.')[0]);
  if (major !== 11) return;
  try {
    setV8Flag('--interrupt-budget=500000');
  } catch {
    // Only a speed-up.
  }
}

/** Makes `collectGarbage` work; loads node:v8 and node:vm, so it is only called once a scan reads a big diff. */
export async function prepareCollector(): Promise<void> {
  if (collector !== undefined) return;
  try {
    setV8Flag('--expose-gc');
    const require = createRequire(import.meta.url);
    const vm = require('node:vm') as typeof import('node:vm');
    collector = vm.runInNewContext('gc') as Collect;
  } catch {
    collector = null;
  }
}

/**
 * A synchronous collection if `prepareCollector` made one available; otherwise nothing. A major one is
 * plain `gc()`: measured on Node 20, `gc({ type: 'major' })` left freed 50 MB strings in place.
 */
export function collectGarbage(type: 'major' | 'minor'): void {
  if (!collector) return;
  if (type === 'minor') collector({ type: 'minor' });
  else collector();
}
