// Candidates -> findings: deduplicate, locate (line and UTF-16 column, computed lazily in one pass over
// the newlines before the last candidate), pair key ids with secrets, mask, fingerprint.
import { createHash } from 'node:crypto';
// Masking lives in one place (report/mask.ts); the detector only fills in the masked form.
import { maskKeyId, maskSecret } from '../report/mask.js';
import { accountIdFromKeyId } from './account-id.js';
import { pairCredentials, type Positioned } from './rules/aws-credential-pair.js';
import type { Candidate, CandidateKind } from './scope.js';
import type { Finding, RuleId } from './types.js';

interface Location {
  line: number;
  lineStart: number;
  /** Offset of the line break ending this line (or the text length). */
  lineEnd: number;
}

/** Line of each offset, walking the text's newlines once (offsets need not be sorted). */
function locate(text: string, offsets: readonly number[]): Map<number, Location> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, Location>();
  let line = 1;
  let lineStart = 0;
  let next = text.indexOf('\n');
  for (const offset of sorted) {
    while (next !== -1 && next < offset) {
      line++;
      lineStart = next + 1;
      next = text.indexOf('\n', lineStart);
    }
    out.set(offset, { line, lineStart, lineEnd: next === -1 ? text.length : next });
  }
  return out;
}

export function fingerprint(rule: RuleId, value: string): string {
  return createHash('sha256').update(`${rule}\0${value}`).digest('hex').slice(0, 32);
}

const RULE: Record<CandidateKind, RuleId> = {
  id: 'aws-access-key-id',
  secret: 'aws-secret-access-key',
  token: 'aws-session-token',
  bedrock: 'aws-bedrock-api-key',
};

/** Builds a finding; the raw values are non-enumerable so JSON.stringify and spreads never copy them. */
function makeFinding(fields: Omit<Finding, 'secret'>, secret: string, keyId?: string): Finding {
  const finding = { ...fields } as Finding;
  Object.defineProperty(finding, 'secret', { value: secret, enumerable: false });
  if (keyId !== undefined) Object.defineProperty(finding, 'keyId', { value: keyId, enumerable: false });
  return finding;
}

/** Columns on the candidate's first line; a range running past the line (joined literals) is cut there. */
function columns(text: string, c: Candidate, at: Location): { column: number; endColumn: number } {
  let end = Math.min(c.end, at.lineEnd);
  if (end === at.lineEnd && text.charCodeAt(end - 1) === 13) end--; // CRLF
  return { column: c.start - at.lineStart + 1, endColumn: Math.max(end, c.start + 1) - at.lineStart + 1 };
}

function dedupe(candidates: readonly Candidate[]): Candidate[] {
  const byKey = new Map<string, Candidate>();
  for (const c of candidates) {
    const key = `${c.kind}\0${c.start}\0${c.value}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...c });
      continue;
    }
    seen.labeled ||= c.labeled;
    seen.needsContext &&= c.needsContext;
    if (c.confidence === 'high') seen.confidence = 'high';
    seen.end = Math.max(seen.end, c.end);
  }
  return [...byKey.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

export function buildFindings(text: string, all: readonly Candidate[]): Finding[] {
  const candidates = dedupe(all);
  if (candidates.length === 0) return [];
  const where = locate(text, candidates.map((c) => c.start));
  const at = (c: Candidate): Location => where.get(c.start) as Location;
  const positioned = (c: Candidate): Positioned => ({ candidate: c, line: at(c).line });

  const ids = candidates.filter((c) => c.kind === 'id').map(positioned);
  const secrets = candidates.filter((c) => c.kind === 'secret').map(positioned);
  const pairs = pairCredentials(ids, secrets);
  const paired = new Set<Candidate>();
  const findings: Finding[] = [];

  for (const { id, secret } of pairs) {
    paired.add(id.candidate);
    paired.add(secret.candidate);
    const idAt = at(id.candidate);
    const secretAt = at(secret.candidate);
    const idCols = columns(text, id.candidate, idAt);
    const secretCols = columns(text, secret.candidate, secretAt);
    const accountId = accountIdFromKeyId(id.candidate.value);
    findings.push(
      makeFinding(
        {
          rule: 'aws-credential-pair',
          line: idAt.line,
          ...idCols,
          secretLine: secretAt.line,
          secretColumn: secretCols.column,
          secretEndColumn: secretCols.endColumn,
          pairedWith: maskKeyId(id.candidate.value),
          confidence: 'high',
          masked: maskSecret(secret.candidate.value),
          fingerprint: fingerprint('aws-credential-pair', `${id.candidate.value}:${secret.candidate.value}`),
          ...(accountId ? { accountId } : {}),
        },
        secret.candidate.value,
        id.candidate.value,
      ),
    );
  }

  for (const c of candidates) {
    if (paired.has(c)) continue;
    if (c.kind === 'secret' && !c.labeled) continue;
    if (c.kind === 'id' && c.needsContext) continue;
    const rule = RULE[c.kind];
    const loc = at(c);
    const accountId = c.kind === 'id' ? accountIdFromKeyId(c.value) : undefined;
    findings.push(
      makeFinding(
        {
          rule,
          line: loc.line,
          ...columns(text, c, loc),
          confidence: c.confidence,
          masked: c.kind === 'id' ? maskKeyId(c.value) : maskSecret(c.value),
          fingerprint: fingerprint(rule, c.value),
          ...(accountId ? { accountId } : {}),
        },
        c.value,
      ),
    );
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}
