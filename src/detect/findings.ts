// Candidates -> findings: deduplicate, locate (line and UTF-16 column, in one pass over the newlines
// before the last candidate), pair key ids with secrets, mask, fingerprint.
//
// A file made of findings (a key id every 21 bytes: half a million in 10 MB) makes this the detector's
// main cost, and every object made per finding lives until detect() returns, so the garbage collector
// copies it: where a candidate is (line, line start and end) is kept in typed arrays rather than one
// object per candidate, pairing works on indices, and each finding is one object literal with its
// properties in their final order.
import { sha256Hex } from '../sha256.js';
import { accountIdFromKeyId } from './account-id.js';
import { prefixesOf, RULE_BY_ID } from './catalog.js';
import { maskedKeyIdOf, maskSecret } from './mask-value.js';
import { SlotMemo } from './memo.js';
import { type Located, pairCredentials } from './rules/aws-credential-pair.js';
import type { Candidate, CandidateKind } from './scope.js';
import type { Finding, RuleId } from './types.js';

/** Where the sorted candidates are: their start's line, and that line's start and end offsets. */
interface Lines extends Located {
  readonly lineStart: Int32Array;
  readonly lineEnd: Int32Array;
}

/** Line of each candidate's start, walking the text's newlines once. Candidates must be sorted by start. */
function locate(text: string, sorted: readonly Candidate[]): Lines {
  const n = sorted.length;
  const at: Lines = {
    start: new Int32Array(n),
    line: new Int32Array(n),
    labeled: new Uint8Array(n),
    lineStart: new Int32Array(n),
    lineEnd: new Int32Array(n),
  };
  let line = 1;
  let lineStart = 0;
  let next = text.indexOf('\n');
  for (let index = 0; index < n; index++) {
    const candidate = sorted[index] as Candidate;
    while (next !== -1 && next < candidate.start) {
      line++;
      lineStart = next + 1;
      next = text.indexOf('\n', lineStart);
    }
    at.start[index] = candidate.start;
    at.line[index] = line;
    at.labeled[index] = candidate.labeled ? 1 : 0;
    at.lineStart[index] = lineStart;
    at.lineEnd[index] = next === -1 ? text.length : next;
  }
  return at;
}

/** `rule` and a NUL: what a fingerprint's hashed text starts with, made once per rule. */
const HASH_HEAD = new Map<RuleId, string>();

/**
 * Fingerprints memoized per detect() call, by rule then value (no key string is built): a value
 * repeated a million times is hashed once.
 */
class Fingerprints {
  private readonly memo = new Map<RuleId, SlotMemo<string>>();

  of(rule: RuleId, value: string): string {
    let byValue = this.memo.get(rule);
    if (byValue === undefined) this.memo.set(rule, (byValue = new SlotMemo(4096)));
    let hash = byValue.get(value);
    if (hash === undefined) {
      let head = HASH_HEAD.get(rule);
      if (head === undefined) HASH_HEAD.set(rule, (head = `${rule}\0`));
      hash = sha256Hex(head + value).slice(0, 32);
      byValue.set(value, hash);
    }
    return hash;
  }
}

const RULE: Record<CandidateKind, RuleId> = {
  id: 'aws-access-key-id',
  secret: 'aws-secret-access-key',
  token: 'aws-session-token',
  bedrock: 'aws-bedrock-api-key',
};

/** Long-term or short-term, by the catalog prefix the value starts with (its `temporary`). */
function termOf(rule: RuleId, value: string): Finding['term'] {
  const prefix = prefixesOf(rule).find((p) => value.startsWith(p.text) && p.temporary !== undefined);
  if (prefix === undefined) return undefined;
  return prefix.temporary ? 'short-term' : 'long-term';
}
// One descriptor, reused: a file made of findings hides hundreds of thousands of values.
const HIDDEN: PropertyDescriptor = { value: undefined, enumerable: false, writable: false, configurable: false };

/** Hides the raw values: non-enumerable, so JSON.stringify, spreads and snapshots never copy them. */
function hideRaw(finding: Omit<Finding, 'secret'>, secret: string, keyId?: string): Finding {
  HIDDEN.value = secret;
  Object.defineProperty(finding, 'secret', HIDDEN);
  if (keyId !== undefined) {
    HIDDEN.value = keyId;
    Object.defineProperty(finding, 'keyId', HIDDEN);
  }
  HIDDEN.value = undefined;
  return finding as Finding;
}

/** End column on the candidate's first line; a range running past the line (joined literals) is cut there. */
function endColumn(text: string, at: Lines, index: number, candidate: Candidate): number {
  const lineEnd = at.lineEnd[index] as number;
  let end = Math.min(candidate.end, lineEnd);
  if (end === lineEnd && text.charCodeAt(end - 1) === 13) end--; // CRLF
  return Math.max(end, candidate.start + 1) - (at.lineStart[index] as number) + 1;
}

function byStart(a: Candidate, b: Candidate): number {
  return (
    a.start - b.start ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
    (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)
  );
}

/** Whether `list` is already in the order `compare` sorts it into (the scan reports most in order). */
function inOrder<T>(list: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1] as T, list[i] as T) > 0) return false;
  return true;
}

/** One candidate per (kind, start, value); the same value found twice (plain and through a layer) merges. */
function dedupe(candidates: Candidate[]): Candidate[] {
  if (!inOrder(candidates, byStart)) candidates.sort(byStart);
  const out: Candidate[] = [];
  for (const c of candidates) {
    const seen = out[out.length - 1];
    if (!seen || seen.start !== c.start || seen.kind !== c.kind || seen.value !== c.value) {
      out.push(c);
      continue;
    }
    seen.labeled ||= c.labeled;
    seen.needsContext &&= c.needsContext;
    if (c.confidence === 'high') seen.confidence = 'high';
    seen.end = Math.max(seen.end, c.end);
  }
  return out;
}

/** Turns a scan's candidates (consumed) into findings sorted by position. */
export function buildFindings(text: string, all: Candidate[]): Finding[] {
  const sorted = dedupe(all);
  if (sorted.length === 0) return [];
  const at = locate(text, sorted);
  const hash = new Fingerprints();
  const ids: number[] = [];
  const secrets: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const kind = (sorted[i] as Candidate).kind;
    if (kind === 'id') ids.push(i);
    else if (kind === 'secret') secrets.push(i);
  }
  const pairs = pairCredentials(ids, secrets, at);
  // By index in `sorted`: whether the candidate is part of a pair.
  const paired = new Uint8Array(sorted.length);
  const findings: Finding[] = [];

  for (let k = 0; k < pairs.length; k += 2) {
    const i = pairs[k] as number;
    const j = pairs[k + 1] as number;
    paired[i] = 1;
    paired[j] = 1;
    const id = sorted[i] as Candidate;
    const secret = sorted[j] as Candidate;
    const keyId = id.value;
    const value = secret.value;
    const maskedKeyId = maskedKeyIdOf(keyId);
    const finding: Omit<Finding, 'secret'> = {
      rule: 'aws-credential-pair',
      line: at.line[i] as number,
      column: id.start - (at.lineStart[i] as number) + 1,
      endColumn: endColumn(text, at, i, id),
      secretLine: at.line[j] as number,
      secretColumn: secret.start - (at.lineStart[j] as number) + 1,
      secretEndColumn: endColumn(text, at, j, secret),
      pairedWith: maskedKeyId.masked,
      confidence: 'high',
      masked: maskSecret(value),
      fingerprint: hash.of('aws-credential-pair', `${keyId}:${value}`),
      maskedKeyId,
    };
    const accountId = accountIdFromKeyId(keyId);
    if (accountId) finding.accountId = accountId;
    findings.push(hideRaw(finding, value, keyId));
  }

  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i] as Candidate;
    if (paired[i] === 1 || (c.kind === 'secret' && !c.labeled) || (c.kind === 'id' && c.needsContext)) continue;
    const rule = RULE[c.kind];
    const record = RULE_BY_ID[rule];
    const line = at.line[i] as number;
    const column = c.start - (at.lineStart[i] as number) + 1;
    const end = endColumn(text, at, i, c);
    const fingerprint = hash.of(rule, c.value);
    let finding: Omit<Finding, 'secret'>;
    if (record.mask === 'key-id') {
      const maskedKeyId = maskedKeyIdOf(c.value);
      finding = {
        rule,
        line,
        column,
        endColumn: end,
        confidence: c.confidence,
        masked: maskedKeyId.masked,
        fingerprint,
        maskedKeyId,
      };
    } else {
      finding = {
        rule,
        line,
        column,
        endColumn: end,
        confidence: c.confidence,
        masked: maskSecret(c.value),
        fingerprint,
      };
    }
    if (record.carries.term) {
      const term = termOf(rule, c.value);
      if (term) finding.term = term;
    }
    if (record.carries.accountId) {
      const accountId = accountIdFromKeyId(c.value);
      if (accountId) finding.accountId = accountId;
    }
    findings.push(hideRaw(finding, c.value));
  }
  // Pairs come in the order pairing chose them, the rest by position: sorted only when out of order.
  return inOrder(findings, byPosition) ? findings : findings.sort(byPosition);
}

function byPosition(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
