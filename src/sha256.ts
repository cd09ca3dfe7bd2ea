// SHA-256 for finding fingerprints, with node:crypto loaded on the first call: loading it costs a few
// milliseconds, which a clean commit (no finding, nothing to hash) should not pay on every start. It is
// `createRequire`d because the command line is a bundled script with no module loader behind it, so no
// `import()`; this keeps that mechanism out of the pure detector, which only calls `sha256Hex`.
import { createRequire } from 'node:module';

let createHash: typeof import('node:crypto').createHash | undefined;

/** The SHA-256 of `text` (UTF-8), as 64 hex digits. */
export function sha256Hex(text: string): string {
  createHash ??= (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash;
  return createHash('sha256').update(text).digest('hex');
}
