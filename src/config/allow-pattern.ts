// The configuration's allow patterns, matched with re2js (a port of RE2): the configuration is repository
// content, and a pattern such as `^([A-Za-z0-9+/]+)+X$` would make a backtracking engine (RegExp) run
// for minutes on a 40-character secret. RE2 matches in time linear in the value, whatever the pattern,
// at the price of backreferences and lookaround. In a module of its own, loaded only when a
// configuration has allow patterns: the hook's start-up pays nothing for the engine otherwise.
import { RE2JS, RE2JSSyntaxException } from 're2js';
import type { AllowPattern } from './config.js';

export type CompiledAllowPattern = { ok: true; pattern: AllowPattern } | { ok: false; expected: string };

/** Longest piece of the engine's explanation shown to the user. */
const MAX_REASON = 80;

/**
 * Compiles one pattern, or says what it should have been (for "allow[i]" must be ...). The explanation
 * never contains the pattern: a secret pasted into `allow` by mistake must not reach a terminal or a CI log.
 */
export function compileAllowPattern(source: string): CompiledAllowPattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (error) {
    if (isJavaScriptRegExp(source)) {
      // Valid for RegExp but not for RE2: what RE2 leaves out so as to stay linear.
      return {
        ok: false,
        expected:
          'a regular expression keyguard can match in linear time (RE2 syntax: no backreferences or lookaround)',
      };
    }
    return { ok: false, expected: `a valid regular expression (${engineReason(error, source)})` };
  }
  // Unanchored, like RegExp.prototype.test: a match anywhere in the value counts.
  return { ok: true, pattern: { source, test: (value) => re.test(value) } };
}

/** Parsing alone never backtracks: only matching does, and this RegExp is never matched. */
function isJavaScriptRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * RE2's description of a syntax error ("missing closing )"), without the fragment of the pattern its
 * message quotes; anything else the engine throws, without the pattern, on one line, capped.
 */
export function engineReason(error: unknown, source: string): string {
  let reason =
    error instanceof RE2JSSyntaxException
      ? error.getDescription()
      : error instanceof Error
        ? error.message
        : String(error);
  reason = reason.replace(/`[^`]*`?/g, '');
  if (source.length >= 4) reason = reason.split(source).join('');
  reason = reason
    .replace(/[:\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (reason === '') return 'unsupported syntax';
  return reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 3)}...` : reason;
}
