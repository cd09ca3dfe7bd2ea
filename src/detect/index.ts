// Placeholder until the detector lands (issue 2): the real detector replaces this file.
import type { DetectOptions, Finding } from './types.js';
export type { DetectOptions, Finding, RuleId, Confidence } from './types.js';

export function detect(_text: string, _options: DetectOptions = {}): Finding[] {
  return [];
}
