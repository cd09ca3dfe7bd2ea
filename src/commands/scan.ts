import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { detect } from '../detect/index.js';
import type { Finding } from '../detect/types.js';
import { maskLine, secretRanges } from '../report/mask.js';
import type { LocatedFinding, ScanResult, Skipped } from '../scan-result.js';

/** Directories never descended into when a directory is given to `keyguard scan`. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const BINARY_PROBE = 8 * 1024;
const LFS_POINTER = 'version https://git-lfs.github.com/spec/v1';

/** A blob is binary when it has a NUL byte in its first 8 KiB, as git itself decides. */
export function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_PROBE).includes(0);
}

export function isLfsPointer(bytes: Uint8Array): boolean {
  return bytes.length < 1024 && Buffer.from(bytes.subarray(0, LFS_POINTER.length)).toString('latin1') === LFS_POINTER;
}

/** The 1-based line `line` of `text`, without its line ending. */
export function lineAt(text: string, line: number): string {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end).replace(/\r$/, '');
}

/** Turns the detector's findings on one text into located findings with masked snippets. */
export function locate(path: string, text: string, findings: readonly Finding[]): LocatedFinding[] {
  return findings.map((finding) => ({
    path,
    finding,
    snippet: maskLine(lineAt(text, finding.line), secretRanges(findings, finding.line)),
  }));
}

/** Keeps the findings whose secret or key id lies on an added line (DESIGN.md section 3). */
export function onAddedLines(findings: readonly Finding[], added: { has(line: number): boolean }): Finding[] {
  return findings.filter((f) => added.has(f.line) || (f.secretLine !== undefined && added.has(f.secretLine)));
}

async function* walk(path: string): AsyncGenerator<string> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    yield path;
    return;
  }
  const entries = await readdir(path, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* walk(join(path, entry.name));
    } else if (entry.isFile()) {
      yield join(path, entry.name);
    }
  }
}

export class UnreadablePathError extends Error {}

/** Scans files and directories as given (how lint-staged calls it). A missing path is a usage error. */
export async function scanPaths(paths: readonly string[]): Promise<ScanResult> {
  const result: ScanResult = { source: 'files', findings: [], skipped: [], scannedFiles: 0 };
  for (const root of paths) {
    try {
      await stat(root);
    } catch (error) {
      throw new UnreadablePathError(`cannot read ${root}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, {
        cause: error,
      });
    }
    for await (const path of walk(root)) {
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch {
        result.skipped.push({ path, reason: 'unreadable' });
        continue;
      }
      scanBytes(path, bytes, result);
    }
  }
  return result;
}

export function scanBytes(path: string, bytes: Buffer, result: ScanResult): void {
  const skip = skipReason(bytes);
  if (skip) {
    result.skipped.push({ path, reason: skip });
    return;
  }
  result.scannedFiles++;
  const text = bytes.toString('utf8');
  result.findings.push(...locate(path, text, detect(text, { path })));
}

export function skipReason(bytes: Uint8Array): Skipped['reason'] | undefined {
  if (isBinary(bytes)) return 'binary';
  if (isLfsPointer(bytes)) return 'lfs-pointer';
  return undefined;
}

export async function scanStdin(input: AsyncIterable<Buffer | string>): Promise<ScanResult> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const result: ScanResult = { source: 'stdin', findings: [], skipped: [], scannedFiles: 0 };
  scanBytes('-', Buffer.concat(chunks), result);
  return result;
}

/**
 * Scans exactly what the next commit adds (DESIGN.md section 3): each staged blob in full (the detector's
 * context), keeping the findings on its added lines. Binary blobs and LFS pointers are listed as skipped.
 * Not a repository / no git: `GitSetupError`, whose message is the one line to show.
 */
export async function scanStaged(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ScanResult> {
  const { readStagedChanges } = await import('../git/staged-changes.js');
  const result: ScanResult = { source: 'staged', findings: [], skipped: [], scannedFiles: 0 };
  for await (const entry of readStagedChanges({ ...options, classify: skipReason })) {
    if (entry.kind === 'skipped') {
      result.skipped.push({ path: entry.path, reason: entry.reason });
      continue;
    }
    result.scannedFiles++;
    // A blob with no added line (only deletions) cannot add a credential: no need to run the detector.
    if (entry.addedLines.size === 0) continue;
    const found = onAddedLines(detect(entry.text, { path: entry.path }), entry.addedLines);
    result.findings.push(...locate(entry.path, entry.text, found));
  }
  return result;
}

export { GitSetupError } from '../git/errors.js';
