// The detector: text in, findings out (docs/detector.md). Pure: no file system, no processes, no
// environment. One table-driven pass over the characters finds key ids, prefixed tokens and encoded
// layers; keyword rules start from `indexOf` hits; every rule looks only at a bounded neighbourhood of
// a hit, so the cost is linear in the text whatever it holds.
import { ANY_KEYWORD } from './catalog.js';
import { buildFindings } from './findings.js';
import { scanLayers } from './layers.js';
import { mayHoldCredentials } from './prefilter.js';
import { settleWordLikeIds } from './rules/aws-access-key-id.js';
import { scanShortTermBedrockKeys } from './rules/aws-bedrock-api-key.js';
import {
  PAIR_WINDOW_CHARS,
  scanLabeledSecrets,
  scanNotebookSecrets,
  scanUnlabeledSecrets,
} from './rules/aws-secret-access-key.js';
import { scanSessionTokenKeywords } from './rules/aws-session-token.js';
import { scanRuns } from './scan-runs.js';
import { Scope } from './scope.js';
import type { DetectOptions, Finding } from './types.js';

export type { DetectOptions, Finding, RuleId, Confidence } from './types.js';

/** Runs every rule over `scope` and the layers decoded from it. */
function collect(scope: Scope): void {
  const layers = scanRuns(scope);
  settleWordLikeIds(scope, PAIR_WINDOW_CHARS);
  // Every value a keyword or a Bedrock prefix labels is a run of 20 or more (`valueRuns`): without one
  // there is nothing to read. A decoded layer (often a short text, and there may be hundreds of
  // thousands) is tested for any keyword at all in one pass first.
  const values = scope.valueRuns.length > 0;
  const keywords = values && (scope.depth === 0 || ANY_KEYWORD.test(scope.text));
  if (keywords) scanLabeledSecrets(scope);
  if (scope.notebook) scanNotebookSecrets(scope);
  scanUnlabeledSecrets(scope);
  if (keywords) scanSessionTokenKeywords(scope);
  if (values) scanShortTermBedrockKeys(scope);
  scanLayers(scope, layers, collect);
}

/**
 * Finds AWS credentials in `text`. Positions are 1-based lines and UTF-16 columns (endColumn
 * exclusive); the raw value is on each finding as a non-enumerable `secret`.
 */
export function detect(text: string, options: DetectOptions = {}): Finding[] {
  // Most of a big file is text nothing can start from: proven here at a fraction of the full pass.
  if (!mayHoldCredentials(text)) return [];
  return detectWithoutPrefilter(text, options);
}

/**
 * The full pass, without the prefilter: for callers that ran it already (`mayHoldCredentialsInUtf8` on the
 * bytes) and for tests comparing the two. Not part of the package's API.
 */
export function detectWithoutPrefilter(text: string, options: DetectOptions = {}): Finding[] {
  const scope = Scope.root(text, options);
  collect(scope);
  return buildFindings(text, scope.candidates);
}
