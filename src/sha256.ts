// SHA-256 for finding fingerprints, with node:crypto loaded on the first call: loading it costs a few
// milliseconds, which a clean commit (no finding, nothing to hash) should not pay on every start. It is
// `createRequire`d because the command line is a bundled script with no module loader behind it, so no
// `import()`; this keeps that mechanism out of the pure detector, which only calls `sha256Hex`.
import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
// `crypto.hash` (Node.js 20.12 and later) hashes in one call; a file made of findings hashes hundreds of
// thousands of short strings, and `createHash(...).update(...).digest(...)` costs several times as much
// per string (three calls and a Hash object each).
type OneShot = (algorithm: string, data: string, encoding: 'hex') => string;

let hashHex: ((text: string) => string) | undefined;

function load(): (text: string) => string {
  const crypto = createRequire(import.meta.url)('node:crypto') as Crypto & { hash?: OneShot };
  const oneShot = crypto.hash;
  if (typeof oneShot === 'function') return (text) => oneShot('sha256', text, 'hex');
  return (text) => crypto.createHash('sha256').update(text).digest('hex');
}

/** The SHA-256 of `text` (UTF-8), as 64 hex digits. */
export function sha256Hex(text: string): string {
  return (hashHex ??= load())(text);
}
