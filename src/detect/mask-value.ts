// The masked form a finding carries, chosen by its rule's `mask` in the catalog. These two functions
// are the whole of value masking; report/mask.ts re-exports them and masks source lines the same way.
import { RULE_BY_ID, type RuleId } from './catalog.js';

/** Key ids keep their 4-letter prefix and last 4 characters, which is what the IAM console shows. */
export function maskKeyId(id: string): string {
  return `${id.slice(0, 4)}…${id.slice(-4)}`;
}

/** Secrets keep at most their first 4 characters, and say their length. */
export function maskSecret(secret: string): string {
  return `${secret.slice(0, Math.min(4, Math.floor(secret.length / 5)))}…(${secret.length} chars)`;
}

/** The masked form of a value of `rule`. */
export function maskValue(rule: RuleId, value: string): string {
  return RULE_BY_ID[rule].mask === 'key-id' ? maskKeyId(value) : maskSecret(value);
}
