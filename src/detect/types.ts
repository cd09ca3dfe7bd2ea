import type { RuleId } from './catalog.js';
import type { MaskedKeyId } from './mask-value.js';

/** Rule ids, one per credential kind: the records of catalog.ts. */
export type { MaskedKeyId, RuleId };

/** high: the shape alone is conclusive (key id, known token prefix) or a keyword names it; medium: weaker evidence. */
export type Confidence = 'high' | 'medium';

/**
 * One credential found in a text. Positions are 1-based; columns count UTF-16 code units of the line
 * and `endColumn` is exclusive. For `aws-credential-pair`, `line`/`column` locate the key id and
 * `secretLine`/`secretColumn`/`secretEndColumn` the secret.
 *
 * `secret` is the raw value. It is defined as a non-enumerable property (see `makeFinding`), so
 * `JSON.stringify`, spreading and snapshot serializers never copy it: only masking code reads it.
 */
export interface Finding {
  rule: RuleId;
  line: number;
  column: number;
  endColumn: number;
  secretLine?: number;
  secretColumn?: number;
  secretEndColumn?: number;
  /** Masked key id this secret was paired with (pairs and secrets found through a nearby key id). */
  pairedWith?: string;
  /**
   * The access key id the finding names, in the parts a report may show: its own value (key ids) or
   * the id of a pair. Reports read it here rather than from the masked strings.
   */
  maskedKeyId?: MaskedKeyId;
  confidence: Confidence;
  /** Key ids: 4-letter prefix + last 4 (`AKIA…7Q2X`); secrets: at most the first 4 characters + length. */
  masked: string;
  /** Stable hash of rule + secret value: survives edits, moves and renames. */
  fingerprint: string;
  /**
   * Rules whose catalog record carries a term (Bedrock API keys): a long-term credential (an IAM
   * service-specific credential) or a short-term one (a presigned request that expires), told by the
   * catalog prefix the value starts with. The remediation differs.
   */
  term?: 'long-term' | 'short-term';
  /** 12-digit AWS account decoded offline from the key id, when the id carries one. */
  accountId?: string;
  /** The raw value (for pairs: the secret access key). Non-enumerable: never serialized. */
  readonly secret: string;
  /** Pairs only: the raw key id. Non-enumerable, like `secret`. */
  readonly keyId?: string;
}

export interface DetectOptions {
  /** File path, used only as a hint (e.g. `.aws/credentials`, `.env`, `*.csv`); never read. */
  path?: string;
}
