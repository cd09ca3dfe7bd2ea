// Drops the findings the user has said are fine, and keeps count of each, so that suppression is
// visible in every report and never silent.
import type { Finding } from '../detect/types.js';
import type { SuppressedFinding } from '../scan-result.js';
import type { Baseline } from './baseline.js';
import type { Config, RuleAction } from './config.js';
import { inlineAllow } from './inline-allow.js';

type SuppressedBy = SuppressedFinding['by'];

export interface SuppressContext {
  config: Config;
  baseline: Baseline | undefined;
  /** `--no-allow`: report everything, suppress nothing (rules turned off stay off). */
  noAllow: boolean;
}

export function ruleAction(config: Config, finding: Finding): RuleAction {
  return config.rules[finding.rule] ?? 'block';
}

/**
 * Splits one file's findings into those to report and those suppressed. `lineText(n)` returns line n
 * of the scanned text (1-based), for the inline markers; undefined when the text has none.
 */
export function suppress(
  path: string,
  oldPath: string | undefined,
  findings: readonly Finding[],
  lineText: ((line: number) => string | undefined) | undefined,
  { config, baseline, noAllow }: SuppressContext,
): { kept: Finding[]; suppressed: SuppressedFinding[] } {
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const drop = (finding: Finding, by: SuppressedBy, reason = '') => suppressed.push({ path, finding, by, reason });
  for (const finding of findings) {
    if (ruleAction(config, finding) === 'off') {
      drop(finding, 'rule-off');
      continue;
    }
    if (noAllow) {
      kept.push(finding);
      continue;
    }
    const inline = lineText && allowedInline(finding, lineText);
    if (inline) {
      drop(finding, 'inline', inline.reason);
    } else if (
      config.allow.some((p) => p.test(finding.secret) || (finding.keyId !== undefined && p.test(finding.keyId)))
    ) {
      // A pair's `secret` is its secret access key; a pattern that allows its key id allows the pair too,
      // as it allows that key id on its own.
      drop(finding, 'allow');
    } else if (baseline?.covers(finding.fingerprint, path, oldPath)) {
      drop(finding, 'baseline');
    } else {
      kept.push(finding);
    }
  }
  return { kept, suppressed };
}

/** The inline marker that allows the finding: on its line or the line above, or its secret's. */
function allowedInline(finding: Finding, lineText: (line: number) => string | undefined) {
  const lines =
    finding.secretLine !== undefined && finding.secretLine !== finding.line
      ? [finding.line, finding.secretLine]
      : [finding.line];
  return lines
    .map((n) => inlineAllow(lineText(n) ?? '', n > 1 ? lineText(n - 1) : undefined))
    .find((a) => a !== undefined);
}
