// The one pass over a scope's text. It finds the places the rules need and nothing else: runs of
// letters and digits exactly as long as a key id (or one escape longer), starts of base64 runs (known
// token prefixes, Bedrock keys, blobs to decode), closing quotes followed by a concatenation operator,
// and the starts of runs long enough to be a value (which the keyword rules and pairing use to skip
// hits with nothing to read). Runs of 12 characters or more are read one table lookup per character,
// which is what makes every input linear: a regex over the same runs costs O(run length) per start
// position on texts of many almost-long-enough runs. Shorter runs hold none of these, so they are
// skipped with a skip search that reads a fraction of their characters (most of a minified bundle is
// such runs), and the quotes among them that may start a chain are found by one regular expression
// (which looks at two characters and the one after, never at a run).
import { ALNUM, LOWER, QUOTE, SYMBOL, TABLE } from './char-class.js';
import { MIN_RUN } from './base64-layer.js';
import { chainAt, joinsLeft, mayJoinAfter } from './joined-literals.js';
import { LayerWork } from './layers.js';
import { acceptKeyId, KEY_ID_LENGTH } from './rules/aws-access-key-id.js';
import { LONG_TERM_FIRST_CHAR, LONG_TERM_MIN_LENGTH, longTermKeyAt } from './rules/aws-bedrock-api-key.js';
import { prefixedTokenAt, SESSION_TOKEN_FIRST_CHARS } from './rules/aws-session-token.js';
import type { Scope } from './scope.js';
import { escapeLength } from './token-reader.js';

/** Shortest value any keyword rule reads (a secret is 40, a token 100; escapes only lengthen them). */
const VALUE_RUN = 20;

function hasLowerCase(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

/**
 * The shortest run of `RUN_CHAR` characters that can hold something the pass reports: a token run
 * (12 or more; key ids and value runs are longer). Shorter runs are skipped without being read.
 */
const MIN_SEGMENT = 12;

/** How far a gap between long runs is read for quotes before the rest of it is searched. */
const SHORT_GAP = 256;

/** The characters that do not close a run: letters, digits, `+`, `/`, and `%` / `\` (which may open an escape). */
const RUN_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) if ((TABLE[c] as number) & (ALNUM | SYMBOL)) RUN_CHAR[c] = 1;
RUN_CHAR[37] = 1; // %
RUN_CHAR[92] = 1; // \

/** The characters `mayJoinAfter` accepts, as the class of a regular expression. */
function joinClass(): string {
  let set = '';
  for (let c = 0; c < 0x10000; c++) if (mayJoinAfter(c)) set += `\\u${c.toString(16).padStart(4, '0')}`;
  return `[${set}]`;
}

/**
 * A quote right after a letter, digit, `+` or `/` and before what may join it to another literal: the
 * only places a chain of literals is looked for. The character after is looked at, not taken (it may
 * be the letter before the next such quote).
 */
const QUOTE_AFTER_TOKEN = new RegExp(`[A-Za-z0-9+/]["'\`](?=${joinClass()})`, 'g');

/** The first such quote at or after `from`, or `n` when there is none. */
function quoteAfterToken(text: string, from: number, n: number): number {
  QUOTE_AFTER_TOKEN.lastIndex = from > 0 ? from - 1 : 0;
  return QUOTE_AFTER_TOKEN.test(text) ? QUOTE_AFTER_TOKEN.lastIndex - 1 : n;
}

/** `scanRuns`' value runs as it finds them, reused from one scope to the next (it never runs inside itself). */
let runStarts = new Int32Array(256);
let runEnds = new Int32Array(256);

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * A run of the base64 alphabet [start, end): prefixed tokens at its start, and maybe a blob. `classes`:
 * the class bits of its characters or-ed together, as the scanner met them (`LOWER` clear: no
 * lower-case letter in it).
 */
function onTokenRun(scope: Scope, start: number, end: number, work: LayerWork, classes: number): void {
  const { text } = scope;
  // The value may begin after an escape that ends a previous value: `\nIQoJ...`, `%3DIQoJ...`.
  let at = start;
  const before = text.charCodeAt(start - 1);
  if (before === 92 && (text[start] === 'n' || text[start] === 't' || text[start] === 'r')) at = start + 1;
  else if (before === 37 && end - start > 2) at = start + 2;
  const first = text.charCodeAt(at);
  if (end - at >= 12 && SESSION_TOKEN_FIRST_CHARS.has(first)) prefixedTokenAt(scope, at);
  if (first === LONG_TERM_FIRST_CHAR && end - at >= LONG_TERM_MIN_LENGTH) longTermKeyAt(scope, at);
  // Base64 of text has lower-case letters early on; upper-case runs are ids, constants, hashes.
  if (end - start >= MIN_RUN && classes & LOWER && (end - start <= 64 || hasLowerCase(text, start, start + 64)))
    work.run(start, end);
}

/** Scans the scope's text once; reports key ids and prefixed tokens, returns the layers to decode. */
export function scanRuns(scope: Scope): LayerWork {
  const { text } = scope;
  const n = text.length;
  const work = new LayerWork();
  if (scope.oneRun >= 0) {
    // The pass below over such a text finds no key id (no run of 20 to 22), one value run and one
    // token run, both [0, oneRun), and nothing after them (only `=`): the same, without reading it.
    const end = scope.oneRun;
    if (end >= VALUE_RUN) {
      scope.valueRuns = [0];
      scope.valueRunEnds = [end];
    }
    if (end >= 12) onTokenRun(scope, 0, end, work, LOWER);
    return work;
  }
  let tokenStart = -1;
  // The class bits of the token run's letters and digits so far, or-ed together.
  let tokenClasses = 0;
  let alnumStart = -1;
  // Chains before `layersFrom` belong to the enclosing scope (the line prefix of a joined literal).
  let chainEnd = scope.layersFrom - 1;
  // Chains worth decoding that the file's budget still allows; past it, none is looked for.
  let joins = joinsLeft(scope);
  // Runs of the alphabet that continue across escapes (`%2F`, `\/`): where a value can start.
  let valueStart = -1;
  // The value runs, gathered in reused typed arrays: pushing a hundred thousand numbers onto a
  // JavaScript array costs several times more than writing them into an array of the final size.
  let values = runStarts;
  let ends = runEnds;
  let count = 0;
  const table = TABLE;
  const runChar = RUN_CHAR;
  // The regular expression's last answer: the first quote at or after where it looked (-1: not yet).
  let quote = -1;
  // The first runs are read one character at a time up to the first character outside `RUN_CHAR`;
  // from there on, only runs long enough to matter are.
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    const cls = code < 128 ? (table[code] as number) : 0;
    if (cls & ALNUM) {
      tokenClasses |= cls;
      if (alnumStart < 0) {
        alnumStart = i;
        if (tokenStart < 0) {
          tokenStart = i;
          tokenClasses = cls;
          if (valueStart < 0) valueStart = i;
        }
      }
      // The rest of the run of letters and digits changes nothing above but the class bits: read in a
      // loop of its own (base64 text is made of such runs).
      let j = i + 1;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        const bits = c < 128 ? (table[c] as number) : 0;
        if ((bits & ALNUM) === 0) break;
        tokenClasses |= bits;
      }
      i = j - 1;
      continue;
    }
    if (alnumStart >= 0) {
      const length = i - alnumStart;
      if (length >= KEY_ID_LENGTH && length <= KEY_ID_LENGTH + 2) acceptKeyId(scope, i - KEY_ID_LENGTH);
      alnumStart = -1;
    }
    if (cls & SYMBOL) {
      if (tokenStart < 0) {
        tokenStart = i;
        tokenClasses = 0;
        if (valueStart < 0) valueStart = i;
      }
      continue;
    }
    if ((code === 37 || code === 92) && escapeLength(text, i) > 0) {
      // An escaped `/` or `+` continues a value, or opens one (`:%2F…` in a URL's user info).
      if (valueStart < 0) valueStart = i;
    } else if (valueStart >= 0) {
      if (i - valueStart >= VALUE_RUN) {
        if (count === values.length) {
          values = grown(values);
          ends = grown(ends);
          runStarts = values;
          runEnds = ends;
        }
        values[count] = valueStart;
        ends[count] = i;
        count++;
      }
      valueStart = -1;
    }
    if (tokenStart >= 0) {
      if (i - tokenStart >= 12) onTokenRun(scope, tokenStart, i, work, tokenClasses);
      tokenStart = -1;
      // The literals of a chain are still scanned here as they are; only the chain is not re-detected
      // from its second literal on.
      if (cls & QUOTE && i > chainEnd && joins > 0 && mayJoinAfter(text.charCodeAt(i + 1))) {
        const chain = chainAt(text, i);
        if (chain && 'pieces' in chain) {
          work.join(chain);
          chainEnd = chain.end;
          joins--;
        } else if (chain) {
          chainEnd = chain.skipTo;
        }
      }
    }
    if (code === 37 || code === 92 || (code < 128 && runChar[code] === 1)) continue;
    // Every run is closed at i. A run shorter than `MIN_SEGMENT` reports nothing, so the next one that
    // matters is looked for with a skip search: a run of `MIN_SEGMENT` starting after `stop` holds
    // `stop + MIN_SEGMENT`; look back from there for a character outside `RUN_CHAR`; if there is
    // none, the run starts right after `stop`, else the next candidate starts after that character.
    let stop = i;
    for (;;) {
      const p = stop + MIN_SEGMENT;
      if (p >= n) {
        stop = n;
        break;
      }
      let q = p;
      for (; q > stop; q--) {
        const c = text.charCodeAt(q);
        if (c >= 128 || runChar[c] !== 1) break;
      }
      if (q === stop) break;
      stop = q;
    }
    // The quotes closing the short runs skipped over, as the loop would meet them: the next
    // `SHORT_GAP` characters are read, the rest of a longer gap searched with the regular expression
    // (whose last answer is kept for the next gaps), so dense quotes cost no call each.
    let from = i + 1;
    while (joins > 0) {
      let at = -1;
      const near = Math.min(stop, from + SHORT_GAP - 1);
      for (let k = from; k <= near && k < n; k++) {
        const c = text.charCodeAt(k);
        if (c !== 34 && c !== 39 && c !== 96) continue;
        const before = text.charCodeAt(k - 1);
        if (
          before < 128 &&
          ((table[before] as number) & (ALNUM | SYMBOL)) !== 0 &&
          mayJoinAfter(text.charCodeAt(k + 1))
        ) {
          at = k;
          break;
        }
      }
      if (at < 0 && near < stop) {
        if (quote <= near) quote = quoteAfterToken(text, near + 1, n);
        if (quote <= stop && quote < n) at = quote;
      }
      if (at < 0) break;
      if (at > chainEnd && mayJoinAfter(text.charCodeAt(at + 1))) {
        const chain = chainAt(text, at);
        if (chain && 'pieces' in chain) {
          work.join(chain);
          chainEnd = chain.end;
          joins--;
        } else if (chain) {
          chainEnd = chain.skipTo;
        }
      }
      from = at + 1;
    }
    i = stop;
  }
  if (alnumStart >= 0 && n - alnumStart >= KEY_ID_LENGTH && n - alnumStart <= KEY_ID_LENGTH + 2)
    acceptKeyId(scope, n - KEY_ID_LENGTH);
  if (tokenStart >= 0 && n - tokenStart >= 12) onTokenRun(scope, tokenStart, n, work, tokenClasses);
  const last = valueStart >= 0 && n - valueStart >= VALUE_RUN ? 1 : 0;
  if (count + last > 0) {
    const starts: number[] = new Array(count + last);
    const stops: number[] = new Array(count + last);
    for (let k = 0; k < count; k++) {
      starts[k] = values[k] as number;
      stops[k] = ends[k] as number;
    }
    if (last) {
      starts[count] = valueStart;
      stops[count] = n;
    }
    scope.valueRuns = starts;
    scope.valueRunEnds = stops;
  }
  return work;
}
