import type { ScanResult } from '../scan-result.js';
import { formatJson } from './json.js';
import { formatPretty } from './pretty.js';

export const FORMATS = ['pretty', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export function formatReport(result: ScanResult, options: { format: Format; color: boolean }): string {
  return options.format === 'json' ? formatJson(result) : formatPretty(result, { color: options.color });
}
