// The baseline (docs/suppression.md): fingerprints of known findings, so that a scan reports only new
// ones. No secret, no masked secret, no line number: an entry survives edits around the line and moves
// within the file, and the file never holds anything worth stealing.
//
// One entry per line, sorted by path then fingerprint, and `keyguard baseline` marks the file
// `merge=union` in .gitattributes: two branches that both add entries merge without a conflict. A union
// merge can leave a missing comma between two added lines, so when the file is not valid JSON the parser
// reads entry lines one by one; the next `keyguard baseline` rewrites it cleanly.
import type { RuleId } from '../detect/types.js';
import { ConfigError, RULE_IDS } from './config.js';

/** `path: "*"` makes an entry match the same secret in any file (chosen with `keyguard baseline --anywhere`). */
export const ANY_PATH = '*';

export interface BaselineEntry {
  fingerprint: string;
  rule: RuleId;
  path: string;
  reason: string;
}

const ENTRY_LINE = /^\s*(\{\s*"fingerprint"[^\n]*\})\s*,?\s*$/;

export function parseBaseline(text: string, source: string): BaselineEntry[] {
  // Valid JSON first, however it is laid out: a formatter (prettier in lint-staged) rewrites the file
  // one key per line, which the line reader below cannot read.
  const whole = wholeFindings(text);
  if (whole) return whole.map((value, i) => toEntry(value, `${source}: findings[${i}]`));
  const entries: BaselineEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = ENTRY_LINE.exec(lines[i] ?? '');
    if (!match?.[1]) continue;
    let value: unknown;
    try {
      value = JSON.parse(match[1]);
    } catch {
      throw new ConfigError(
        `${source}:${i + 1}: not a valid baseline entry (regenerate it with \`keyguard baseline\`)`,
      );
    }
    entries.push(toEntry(value, `${source}:${i + 1}`));
  }
  if (entries.length === 0 && text.trim() !== '' && !/"findings"\s*:\s*\[\s*\]/.test(text)) {
    throw new ConfigError(`${source}: not a keyguard baseline file (regenerate it with \`keyguard baseline\`)`);
  }
  return entries;
}

/** The `findings` array of a baseline that is valid JSON; undefined otherwise (the line reader decides). */
function wholeFindings(text: string): unknown[] | undefined {
  try {
    const findings = (JSON.parse(text) as { findings?: unknown } | null)?.findings;
    return Array.isArray(findings) ? findings : undefined;
  } catch {
    return undefined;
  }
}

function toEntry(value: unknown, where: string): BaselineEntry {
  const e = (typeof value === 'object' && value !== null ? value : {}) as Partial<BaselineEntry>;
  if (typeof e.fingerprint !== 'string' || typeof e.path !== 'string' || !RULE_IDS.includes(e.rule as RuleId)) {
    throw new ConfigError(`${where}: a baseline entry needs "fingerprint", "rule" and "path"`);
  }
  return {
    fingerprint: e.fingerprint,
    rule: e.rule as RuleId,
    path: e.path,
    reason: typeof e.reason === 'string' ? e.reason : '',
  };
}

function compare(a: BaselineEntry, b: BaselineEntry): number {
  return a.path < b.path
    ? -1
    : a.path > b.path
      ? 1
      : a.fingerprint < b.fingerprint
        ? -1
        : a.fingerprint > b.fingerprint
          ? 1
          : 0;
}

/** Deduplicated, sorted, one entry per line. */
export function formatBaseline(entries: readonly BaselineEntry[]): string {
  const unique = new Map<string, BaselineEntry>();
  for (const e of entries) if (!unique.has(`${e.path}\0${e.fingerprint}`)) unique.set(`${e.path}\0${e.fingerprint}`, e);
  const lines = [...unique.values()]
    .sort(compare)
    .map((e) => `    ${JSON.stringify({ fingerprint: e.fingerprint, rule: e.rule, path: e.path, reason: e.reason })}`);
  return [
    '{',
    '  "version": 1,',
    '  "about": "keyguard baseline: known findings by fingerprint (no secrets). Regenerate with `keyguard baseline`.",',
    `  "findings": [${lines.length === 0 ? ']' : ''}`,
    ...(lines.length === 0 ? [] : [lines.join(',\n'), '  ]']),
    '}',
    '',
  ].join('\n');
}

/** Looks findings up by fingerprint and path (or any path for `*` entries), following a rename's source. */
export class Baseline {
  private readonly keys = new Set<string>();

  constructor(readonly entries: readonly BaselineEntry[]) {
    for (const e of entries) this.keys.add(`${e.path}\0${e.fingerprint}`);
  }

  covers(fingerprint: string, path: string, oldPath?: string): boolean {
    return (
      this.keys.has(`${path}\0${fingerprint}`) ||
      this.keys.has(`${ANY_PATH}\0${fingerprint}`) ||
      (oldPath !== undefined && this.keys.has(`${oldPath}\0${fingerprint}`))
    );
  }
}
