// What each rule means, in words: shared by the pretty report (kind names), the JSON report and SARIF
// (rule metadata). The words are the rule catalog's (detect/catalog.ts); this module only gives the
// reports their view of it.
import { REPORT_ORDER, RULE_BY_ID } from '../detect/catalog.js';
import type { RuleId } from '../detect/types.js';

export interface RuleInfo {
  id: RuleId;
  /** PascalCase name (SARIF `reportingDescriptor.name`). */
  name: string;
  /** The kind in words, as the pretty report says it. */
  kind: string;
  short: string;
  full: string;
  /** Remediation in Markdown, for SARIF `help.markdown` (and its plain-text twin). */
  help: string;
  /** GitHub code scanning severity: 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium. */
  securitySeverity: string;
}

function info(id: RuleId): RuleInfo {
  const r = RULE_BY_ID[id];
  return {
    id,
    name: r.name,
    kind: r.kind,
    short: r.title,
    full: r.description,
    help: r.help,
    securitySeverity: r.securitySeverity,
  };
}

export const RULES = Object.fromEntries(REPORT_ORDER.map((id) => [id, info(id)])) as Record<RuleId, RuleInfo>;

/** Rules in the order reports list them: most dangerous first. */
export const RULE_ORDER: readonly RuleId[] = REPORT_ORDER;
