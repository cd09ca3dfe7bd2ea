// Candidates -> findings: deduplicate, locate (line and UTF-16 column, computed lazily in one pass over
// the newlines before the last candidate), pair key ids with secrets, mask, fingerprint.
import { sha256Hex } from '../sha256.js';
import { accountIdFromKeyId } from './account-id.js';
import { prefixesOf, RULE_BY_ID } from './catalog.js';
import { maskedKeyIdOf, maskValue } from './mask-value.js';
import { SlotMemo } from './memo.js';
import { pairCredentials, type Positioned } from './rules/aws-credential-pair.js';
import type { Candidate, CandidateKind } from './scope.js';
import type { Finding, RuleId } from './types.js';

/** Line of each candidate's start, walking the text's newlines once. Candidates must be sorted by start. */
function locate(text: string, sorted: readonly Candidate[]): Positioned[] {
  const out: Positioned[] = [];
  let line = 1;
  let lineStart = 0;
  let next = text.indexOf('\n');
  for (let index = 0; index < sorted.length; index++) {
    const candidate = sorted[index] as Candidate;
    while (next !== -1 && next < candidate.start) {
      line++;
      lineStart = next + 1;
      next = text.indexOf('\n', lineStart);
    }
    out.push({ candidate, index, line, lineStart, lineEnd: next === -1 ? text.length : next });
  }
  return out;
}

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
      hash = sha256Hex(`${rule}\0${value}`).slice(0, 32);
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
function endColumn(text: string, p: Positioned): number {
  let end = Math.min(p.candidate.end, p.lineEnd);
  if (end === p.lineEnd && text.charCodeAt(end - 1) === 13) end--; // CRLF
  return Math.max(end, p.candidate.start + 1) - p.lineStart + 1;
}

function byStart(a: Candidate, b: Candidate): number {
  return (
    a.start - b.start ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
    (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)
  );
}

/** One candidate per (kind, start, value); the same value found twice (plain and through a layer) merges. */
function dedupe(candidates: Candidate[]): Candidate[] {
  candidates.sort(byStart);
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
  const located = locate(text, dedupe(all));
  if (located.length === 0) return [];
  const hash = new Fingerprints();
  const ids: Positioned[] = [];
  const secrets: Positioned[] = [];
  for (const p of located) {
    if (p.candidate.kind === 'id') ids.push(p);
    else if (p.candidate.kind === 'secret') secrets.push(p);
  }
  const pairs = pairCredentials(ids, secrets);
  // By index in `located`: whether the candidate is part of a pair.
  const paired = new Uint8Array(located.length);
  const findings: Finding[] = [];

  for (const { id, secret } of pairs) {
    paired[id.index] = 1;
    paired[secret.index] = 1;
    const keyId = id.candidate.value;
    const value = secret.candidate.value;
    const maskedKeyId = maskedKeyIdOf(keyId);
    const finding: Omit<Finding, 'secret'> = {
      rule: 'aws-credential-pair',
      line: id.line,
      column: id.candidate.start - id.lineStart + 1,
      endColumn: endColumn(text, id),
      secretLine: secret.line,
      secretColumn: secret.candidate.start - secret.lineStart + 1,
      secretEndColumn: endColumn(text, secret),
      pairedWith: maskedKeyId.masked,
      confidence: 'high',
      masked: maskValue('aws-credential-pair', value),
      fingerprint: hash.of('aws-credential-pair', `${keyId}:${value}`),
      maskedKeyId,
    };
    const accountId = accountIdFromKeyId(keyId);
    if (accountId) finding.accountId = accountId;
    findings.push(hideRaw(finding, value, keyId));
  }

  for (const p of located) {
    const c = p.candidate;
    if (paired[p.index] === 1 || (c.kind === 'secret' && !c.labeled) || (c.kind === 'id' && c.needsContext)) continue;
    const rule = RULE[c.kind];
    const record = RULE_BY_ID[rule];
    const masked = maskValue(rule, c.value);
    const finding: Omit<Finding, 'secret'> = {
      rule,
      line: p.line,
      column: c.start - p.lineStart + 1,
      endColumn: endColumn(text, p),
      confidence: c.confidence,
      masked,
      fingerprint: hash.of(rule, c.value),
    };
    if (record.mask === 'key-id') finding.maskedKeyId = maskedKeyIdOf(c.value, masked);
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
  return findings.sort(byPosition);
}

function byPosition(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
