// Early garbage collection around big blobs, for the memory budget of issue 3 (peak RSS under 150 MB
// with a 50 MB multi-line file and a 50 MB single-line file staged).
//
// A big blob costs its bytes plus its decoded text while it is decoded; that much is unavoidable for a
// detector that takes a string. What is avoidable is garbage V8 has no reason to collect yet:
// - the 64 KB chunks the pipe from `git cat-file` delivers, each its own allocation, copied into the
//   blob's buffer and dropped (about 20 MB of them pile up while a 50 MB blob streams in);
// - the previous big blob's bytes and text, still uncollected when the next one is read (and still
//   referenced from suspended async frames unless the reader lets go of it: see staged-changes.ts).
//
// `--expose-gc` set at run time is the only way to ask V8 for a collection without a command-line flag
// (the hook runs plain `node`). If a future Node refuses it, nothing is collected early and everything
// still works, with more memory. Only blobs of BIG_BLOB bytes or more pay for it: a few milliseconds
// per collection of keyguard's small heap.
import { createRequire } from 'node:module';

/** Blobs at least this big trigger the collections below. */
export const BIG_BLOB = 8 * 1024 * 1024;
/** While a big blob streams in, a minor collection every this many bytes frees the pipe's chunks. */
export const PULSE_BYTES = 2 * 1024 * 1024;

type Collect = (options?: { type: 'minor' }) => void;
let collector: Collect | null | undefined;

/** Makes `collectGarbage` work; loads node:v8 and node:vm, so it is only called once a big blob shows up. */
export async function prepareCollector(): Promise<void> {
  if (collector !== undefined) return;
  try {
    // require, not import(): the command line is a CommonJS bundle run as a script (bin/keyguard.cjs),
    // where import() has no loader to go to.
    const require = createRequire(import.meta.url);
    const v8 = require('node:v8') as typeof import('node:v8');
    const vm = require('node:vm') as typeof import('node:vm');
    v8.setFlagsFromString('--expose-gc');
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
