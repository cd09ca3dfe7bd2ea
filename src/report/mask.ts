// Masking lives here and only here (like secretlint's filter-mask-secrets): every other module sees
// masked strings. A Finding's raw value (`secret`, non-enumerable) is read by this file alone. The
// masked form of a value is made by the detector (detect/mask-value.ts, which cannot import a report
// module) and re-exported here; what a masked key id looks like comes from the rule catalog.
import { prefixesOf, RULE_BY_ID } from '../detect/catalog.js';
import type { Finding } from '../detect/types.js';

export { maskKeyId, maskSecret } from '../detect/mask-value.js';

const SNIPPET_WIDTH = 120;
/** Characters kept before a masked range when a long line is trimmed around it. */
const SNIPPET_CONTEXT = 20;

const KEY_ID_PREFIXES = prefixesOf('aws-access-key-id');

/** A masked access key id (`AKIA…7Q2X`): its 4-character prefix and its last 4 characters. */
const MASKED_KEY_ID = new RegExp(`^(${KEY_ID_PREFIXES.map((p) => (p.plusOne ? `${p.text}[A-Z0-9]` : p.text)).join('|')})…([A-Z0-9]{4})$`);

export interface MaskedKeyId {
  /** The masked form, as shown everywhere (`AKIA…7Q2X`). */
  masked: string;
  prefix: string;
  last4: string;
  /** Issued for a session (`ASIA` from STS, and the other short-lived kinds): it expires on its own. */
  temporary: boolean;
}

function isTemporary(prefix: string): boolean {
  return KEY_ID_PREFIXES.some((p) => prefix.startsWith(p.text) && p.temporary === true);
}

export function parseMaskedKeyId(masked: string | undefined): MaskedKeyId | undefined {
  const m = masked === undefined ? null : MASKED_KEY_ID.exec(masked);
  if (!m) return undefined;
  const prefix = m[1]!;
  return { masked: masked!, prefix, last4: m[2]!, temporary: isTemporary(prefix) };
}

/**
 * The (masked) access key id a finding names: the id itself, the id of a pair, or the id a secret was
 * paired with. Works from masked fields only, whichever of them the detector filled.
 */
export function keyIdOf(f: Finding): MaskedKeyId | undefined {
  if (!RULE_BY_ID[f.rule]?.carries.keyId) return undefined;
  return parseMaskedKeyId(f.masked) ?? parseMaskedKeyId(f.pairedWith);
}

/**
 * Long-term Bedrock keys (`ABSK…`) are IAM service-specific credentials; short-term ones
 * (`bedrock-api-key-…`) are presigned URLs that expire. The remediation differs, so the report needs to
 * know which, and this is the one fact it takes from the raw value (its public prefix).
 */
export function bedrockKeyTerm(f: Finding): 'long-term' | 'short-term' | undefined {
  if (f.rule !== 'aws-bedrock-api-key') return undefined;
  const raw = (f as { secret?: unknown }).secret;
  const head = typeof raw === 'string' && raw.length > 0 ? raw : f.masked;
  // The masked form keeps at most 4 characters of the prefix.
  const prefix = prefixesOf('aws-bedrock-api-key').find((p) => head.startsWith(head === raw ? p.text : p.text.slice(0, 4)));
  if (prefix === undefined) return undefined;
  return prefix.temporary ? 'short-term' : 'long-term';
}

/** Ranges [start, end) (0-based) on one line that hold a secret, for masking. */
export function secretRanges(findings: readonly Finding[], line: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const f of findings) {
    if (f.line === line) ranges.push([f.column - 1, f.endColumn - 1]);
    if (f.secretLine === line && f.secretColumn !== undefined && f.secretEndColumn !== undefined) {
      ranges.push([f.secretColumn - 1, f.secretEndColumn - 1]);
    }
  }
  return ranges;
}

/** How many leading characters of a masked range stay visible (the rest become `*`). */
export function keptChars(length: number): number {
  return Math.min(4, length);
}

/**
 * The source line with every secret range replaced by `*` (the first 4 characters of a range are kept,
 * like the masked value), trimmed around the first range to a readable width.
 */
export function maskLine(text: string, ranges: ReadonlyArray<[number, number]>): string {
  let out = text;
  for (const [start, end] of ranges) {
    if (start < 0 || end > out.length || end <= start) continue;
    const keep = keptChars(end - start);
    out = out.slice(0, start + keep) + '*'.repeat(end - start - keep) + out.slice(end);
  }
  out = out.replace(/\t/g, ' ').replace(/[\r\n]+$/, '');
  if (out.length <= SNIPPET_WIDTH) return out;
  const first = ranges.length > 0 ? Math.min(...ranges.map((r) => r[0])) : 0;
  const from = Math.max(0, Math.min(first - SNIPPET_CONTEXT, out.length - SNIPPET_WIDTH));
  return (from > 0 ? '…' : '') + out.slice(from, from + SNIPPET_WIDTH) + (from + SNIPPET_WIDTH < out.length ? '…' : '');
}

/**
 * What makes two findings the same credential: the access key they name (a key id, a pair, a secret
 * paired with a key id; by the masked id, as the remediation tells keys apart) and the secret value
 * they hold. A pair joins its key id and its secret, so a key id in one file and its pair in another
 * are one credential, one key to deactivate and replace. The raw value is read here and stays here:
 * the strings serve as keys of a set in memory, never printed.
 */
export function credentialIdentities(f: Finding): string[] {
  const ids: string[] = [];
  const key = keyIdOf(f);
  if (key) ids.push(`key ${key.masked}`);
  const raw = (f as { secret?: unknown }).secret;
  // A key id finding's raw value is the key id itself, which the masked id already stands for.
  if (typeof raw === 'string' && raw !== '' && f.rule !== 'aws-access-key-id') ids.push(`value ${raw}`);
  if (ids.length === 0) ids.push(`finding ${f.fingerprint}`);
  return ids;
}
