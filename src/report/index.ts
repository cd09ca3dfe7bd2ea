import type { ScanResult } from '../scan-result.js';
import { formatJson, jsonPieces } from './json.js';
import { formatPretty } from './pretty.js';
import { formatSarif, sarifPieces } from './sarif.js';
import type { Format } from './formats.js';

export { FORMATS, type Format } from './formats.js';

export interface ReportOptions {
  format: Format;
  /** Colors for the pretty format (decided once in bin.ts; always off for a file). */
  color: boolean;
  /** keyguard's version, for SARIF's tool.driver. */
  version?: string;
  /** Where the scan ran, so SARIF can make absolute paths relative. */
  cwd?: string;
  /** The pretty format prints nothing for a passing scan (json and sarif are data: always written). */
  quiet?: boolean;
}

/** Formatters are pure `(result, options) => string`: no I/O, no globals. */
export function formatReport(result: ScanResult, options: ReportOptions): string {
  switch (options.format) {
    case 'json':
      return formatJson(result);
    case 'sarif':
      return formatSarif(result, sarifOptions(options));
    default:
      return formatPretty(result, { color: options.color, quiet: options.quiet === true });
  }
}

const sarifOptions = (options: ReportOptions) => ({
  version: options.version ?? '0.0.0',
  ...(options.cwd ? { cwd: options.cwd } : {}),
});

/**
 * `formatReport`'s text in pieces, each made when it is read: the JSON and SARIF reports of a file made
 * of findings run to hundreds of megabytes, written without ever being one string.
 */
export function reportPieces(result: ScanResult, options: ReportOptions): Iterable<string> {
  switch (options.format) {
    case 'json':
      return jsonPieces(result);
    case 'sarif':
      return sarifPieces(result, sarifOptions(options));
    default:
      return [formatReport(result, options)];
  }
}
