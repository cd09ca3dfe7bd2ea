// What a real credential looks like, and what only resembles one: AWS documentation examples,
// placeholders, masked values, hashes, words. Thresholds were set from the distributions of random
// values (200,000 samples each): a real AWS secret (40 random characters of a 64-letter alphabet) has a
// Shannon entropy above 4.1 bits per character and at least 21 distinct characters; a threshold well
// below that costs no real key and still rejects `XXXX...`, `abcabc...` and sequences.

// Built on first use, like the tables below: a clean commit seldom measures a value, and 256 KB of
// zeroed memory costs its start.
let counts: Int32Array | undefined;

interface Stats {
  entropy: number;
  distinct: number;
}

/** Entropy and distinct characters in one pass, with a reused counting table (no allocation). */
function stats(value: string): Stats {
  const n = value.length;
  counts ??= new Int32Array(65536);
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (counts[c] === 0) distinct++;
    counts[c] = (counts[c] as number) + 1;
  }
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    const count = counts[c] as number;
    if (count > 0) {
      const p = count / n;
      bits -= p * Math.log2(p);
      counts[c] = 0;
    }
  }
  return { entropy: bits, distinct };
}

function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** Longest run of one repeated character. */
function longestRepeat(value: string): number {
  let best = 1;
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value[i] === value[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

// Words that mark a value as made up. Only words of five letters or more (plus `qwerty`): a random
// 40-character value spells one of these with a probability under 1e-6 each. Shorter words (`test`,
// `fake`) are left to the dictionary coverage test, which needs most of the value to be words.
const PLACEHOLDER_WORDS =
  /example|dummy|sample|secret|placeholder|redact|changeme|password|replace|insert|foobar|lorem|qwerty/i;
// Fragments of the secret keys in AWS documentation (and their copies with a few characters changed).
// Fragments only: the full documented values must never appear in this repository.
const DOC_FRAGMENTS = /wJalrXUtnFEMI|K7MDENG|bPxRfiCY|je7MtGbClwBF|2Zp9Utk|h3yCo8nvb/;

/** True when the value, read as base64, decodes to mostly printable text (an encoded word, not a key). */
export function decodesToText(value: string): boolean {
  if (value.length % 4 !== 0) return false;
  const bytes = Buffer.from(value, 'base64');
  let printable = 0;
  for (const b of bytes) if ((b >= 32 && b < 127) || b === 9 || b === 10 || b === 13) printable++;
  return bytes.length > 0 && printable / bytes.length >= 0.9;
}

// Common English and configuration words. A made-up value (`ThisIsNotARealKey...`, `ASIA` +
// `PACIFICSOUTHEAST1`) is mostly covered by them; a random value almost never is: with 2-letter words
// included, random 40-character values average under 10% coverage. Made only for the trie below.
const dictionary = (): Set<string> =>
  new Set(
    (
      'is to my me id it in on at of or an as be by do go he if no ok so up us we ' +
      'the and for are but not you all any can her was one our out day get has him his how man new now old see two way who did its let put say she too use ' +
      'this that with have from they will would there their what about which when make like time just know take into year your good some could them than then ' +
      'look only come over think also back after work first well even want because these give most real fake test tests testing key keys secret secrets access ' +
      'value values example examples sample dummy placeholder looks here replace insert change please dont production prod staging stage dev development local ' +
      'demo account user admin password token amazon aws cloud default config long string random characters chars char letters forty twenty docs doc readme ' +
      'yours unit units valid invalid never commit share copy paste generate generated rotate rotated expired revoked deleted temp temporary foo bar baz qux hello world abc xyz ' +
      'lorem ipsum dolor sit amet thing something nothing anything super very much more less three four five six seven eight nine ten sign signing bucket ' +
      'region east west north south data file name path code mock stub fixture unit pass fail yes true false null none nil void empty blank missing unknown ' +
      'todo fixme hack note warning error info debug trace log logs set put post delete update create read write open close start stop end begin run exec main ' +
      'app api web site page home index item list map array object class type kind spec does works should must may might need needs wants goes going where why ' +
      'while until again still yet already always ever often sometimes do not use only my our new key for the prod dev qa uat live sandbox local internal ' +
      'asia pacific europe america africa middle central southeast northeast northwest southwest singapore tokyo sydney mumbai seoul hong kong jakarta osaka ' +
      'frankfurt ireland london paris milan stockholm zurich spain canada ohio virginia oregon california bahrain israel cape town sao paulo melbourne hyderabad ' +
      'service services server client private public internal external storage backup deploy deployer deployment pipeline build release service role policy ' +
      'load loader loaded vault instance provider providers resource resources resolve resolved resolver credential credentials parameter parameters store ' +
      'metadata environment env configuration settings setting manager handler factory builder context request response session fetch from param params ' +
      'get set init handle process source target option options helper util utils module component controller model view'
    ).split(/\s+/),
  );

// The words as a trie over a-z: child[node * 26 + letter] (0 = none), word[node] = 1 at a word's end.
// Built on first use: most commits never get as far as asking what a value is made of.
let trie: { child: Int32Array; word: Uint8Array } | undefined;

function buildTrie(): { child: Int32Array; word: Uint8Array } {
  const words = dictionary();
  let letters = 0;
  for (const w of words) letters += w.length;
  const child = new Int32Array((letters + 1) * 26);
  const word = new Uint8Array(letters + 1);
  let nodes = 1;
  for (const w of words) {
    let node = 0;
    for (let i = 0; i < w.length; i++) {
      const slot = node * 26 + (w.charCodeAt(i) - 97);
      if (!child[slot]) child[slot] = nodes++;
      node = child[slot] as number;
    }
    word[node] = 1;
  }
  return { child, word };
}

/** Share of the value covered by dictionary words, matched longest-first, case-insensitively. */
function wordCoverage(value: string): number {
  const { child, word } = (trie ??= buildTrie());
  let covered = 0;
  let i = 0;
  const n = value.length;
  while (i < n) {
    let matched = 0;
    let node = 0;
    // Walk the trie as long as the text spells the beginning of a word; keep the longest whole word.
    for (let j = i; j < n; j++) {
      const letter = (value.charCodeAt(j) | 0x20) - 97;
      if (letter < 0 || letter > 25) break;
      node = child[node * 26 + letter] as number;
      if (node === 0) break;
      if (word[node] && j - i >= 1) matched = j - i + 1;
    }
    if (matched > 0) {
      covered += matched;
      i += matched;
    } else {
      i++;
    }
  }
  return value.length === 0 ? 0 : covered / value.length;
}

/**
 * Letters only, written as camelCase words (`getLoaderVaultInstanceConfigProvider…`): an identifier or a
 * made-up value, not a key. Most of the value must be runs `Xxx…` of three letters or more with a vowel,
 * and the dictionary must cover a good part of those runs. A real secret has no digit and no symbol once
 * in 4,000, and then almost never this structure.
 */
function isCamelCaseWords(value: string): boolean {
  let structured = 0;
  let covered = 0;
  let i = 0;
  const n = value.length;
  while (i < n) {
    let j = i + 1;
    while (j < n && (value.charCodeAt(j) | 0x20) === value.charCodeAt(j)) j++; // lower-case letters
    const length = j - i;
    if (length >= 3 && /[aeiouy]/i.test(value.slice(i, j))) {
      structured += length;
      covered += wordCoverage(value.slice(i, j)) * length;
    }
    i = j;
  }
  return structured >= 0.8 * n && covered >= 0.3 * n;
}

const HAS_UPPER = /[A-Z]/;
const HAS_LOWER = /[a-z]/;
const HAS_DIGIT = /[0-9]/;

export type SecretEvidence = 'keyword' | 'nearby-id';

const EMPTY = new Int32Array(0);

/** What `countClasses` and `measureShape` count (one object, reused: no allocation per value). */
const measured = {
  upper: 0,
  lower: 0,
  digits: 0,
  slashes: 0,
  symbols: 0,
  vowels: 0,
  hex: 0,
  distinct: 0,
  sequence: 0,
  repeat: 0,
};
/**
 * Occurrences of each code unit in the value being measured, valid where `stampOf` holds `stamp`. Made
 * on first use: most commits never measure a value.
 */
let tally = EMPTY;
let stampOf = EMPTY;
let stamp = 0;

// The classes `countClasses` counts, one bit each, by ASCII code (a code of 128 or more is a symbol), in
// a table made on first use.
const C_UPPER = 1;
const C_LOWER = 2;
const C_DIGIT = 4;
const C_SYMBOL = 8;
const C_SLASH = 16;
const C_VOWEL = 32;
const C_HEX = 64;
let counted: Uint8Array | undefined;

function buildCounted(): Uint8Array {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    let bits = 0;
    if (c >= 65 && c <= 90) bits = C_UPPER | (c <= 70 ? C_HEX : 0);
    else if (c >= 97 && c <= 122) bits = C_LOWER | (c <= 102 ? C_HEX : 0);
    else if (c >= 48 && c <= 57) bits = C_DIGIT | C_HEX;
    else bits = C_SYMBOL | (c === 47 ? C_SLASH : 0);
    const l = c | 0x20;
    if (l === 97 || l === 101 || l === 105 || l === 111 || l === 117) bits |= C_VOWEL;
    table[c] = bits;
  }
  return table;
}

/**
 * Fills the letter classes, hex digits and vowels of `measured` for `value` (one pass). Each character
 * adds its class bits from a table: no branch on the character, which a random value would mispredict.
 */
function countClasses(value: string): typeof measured {
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let slashes = 0;
  let symbols = 0;
  let vowels = 0;
  let hex = 0;
  const table = (counted ??= buildCounted());
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const bits = c < 128 ? (table[c] as number) : C_SYMBOL;
    upper += bits & C_UPPER;
    lower += (bits >> 1) & 1;
    digits += (bits >> 2) & 1;
    symbols += (bits >> 3) & 1;
    slashes += (bits >> 4) & 1;
    vowels += (bits >> 5) & 1;
    hex += (bits >> 6) & 1;
  }
  measured.upper = upper;
  measured.lower = lower;
  measured.digits = digits;
  measured.slashes = slashes;
  measured.symbols = symbols;
  measured.vowels = vowels;
  measured.hex = hex;
  return measured;
}

/**
 * Fills the shape of `value` in `measured` (one pass): distinct characters, the longest run of
 * characters whose codes step by +1 or -1 ignoring letter case (`abcdef`, `AbCdEf`, `987654`), the
 * longest run of one repeated character, and the tally `entropyOfTally` reads.
 */
function measureShape(value: string): typeof measured {
  if (tally === EMPTY) {
    tally = new Int32Array(65536);
    stampOf = new Int32Array(65536);
  }
  if (++stamp === 0x7fffffff) {
    stampOf.fill(0);
    stamp = 1;
  }
  let distinct = 0;
  let repeat = 1;
  let longestRun = 1;
  let sequence = 1;
  let longestSeq = 1;
  let step = 0;
  let prev = -1;
  let prevFolded = -1;
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (stampOf[c] !== stamp) {
      stampOf[c] = stamp;
      tally[c] = 1;
      distinct++;
    } else {
      tally[c] = (tally[c] as number) + 1;
    }
    const folded = fold(c);
    if (i > 0) {
      repeat = c === prev ? repeat + 1 : 1;
      if (repeat > longestRun) longestRun = repeat;
      const d = folded - prevFolded;
      if ((d === 1 || d === -1) && (sequence === 1 || d === step)) {
        sequence++;
        step = d;
      } else if (d === 1 || d === -1) {
        sequence = 2;
        step = d;
      } else {
        sequence = 1;
      }
      if (sequence > longestSeq) longestSeq = sequence;
    }
    prev = c;
    prevFolded = folded;
  }
  measured.distinct = distinct;
  measured.sequence = longestSeq;
  measured.repeat = longestRun;
  return measured;
}

/** `-p log2 p` for a character seen k times in 40: the terms of a secret's entropy, computed once. */
const TERM_OF_40 = Array.from({ length: 41 }, (_, k) => {
  const p = k / 40;
  return p * Math.log2(p);
});

/**
 * The Shannon entropy of the value `measureShape` just measured, from its tally: the same terms, added
 * in the same order (each character's at its first occurrence) as `stats`, so the same number.
 */
function entropyOfTally(value: string): number {
  const n = value.length;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    const count = tally[c] as number;
    if (count > 0) {
      bits -= n === 40 ? (TERM_OF_40[count] as number) : (count / n) * Math.log2(count / n);
      tally[c] = 0;
    }
  }
  return bits;
}

/**
 * Whether a 40-character value of the secret alphabet can be a real secret access key. `nearby-id`
 * (no label, only a key id a few lines away) asks for more randomness than a value a keyword names.
 * Letter classes first (one pass), then placeholder words (most near misses are made-up values), then
 * the shape (a second pass); the entropy, the dictionary and the base64 test only for values that pass
 * them. Every test rejects on its own, so their order changes the cost, never the answer.
 */
export function isPlausibleSecret(value: string, evidence: SecretEvidence): boolean {
  if (value.length !== 40) return false;
  const keyword = evidence === 'keyword';
  const s = countClasses(value);
  if (s.hex === 40) return false; // a SHA-1 or a hex digest
  if (s.upper === 0 || s.lower === 0) return false;
  // Without a label, letters only are more likely a word salad than a key (a real key has neither a
  // digit nor a symbol once in 4,000).
  if (!keyword && s.digits === 0 && s.symbols === 0) return false;
  // A path (`src/components/Header/index`) has several slashes between word-like parts.
  if (s.slashes >= (keyword ? 7 : 6)) return false;
  const vowels = s.vowels / (s.upper + s.lower);
  if (vowels >= (keyword ? 0.55 : 0.45) || (s.digits === 0 && vowels >= 0.42)) return false;
  const lettersOnly = s.digits === 0 && s.symbols === 0;
  if (PLACEHOLDER_WORDS.test(value) || DOC_FRAGMENTS.test(value)) return false;
  measureShape(value);
  if (s.sequence >= 5 || s.repeat >= 5 || s.distinct < 18) return false;
  if (entropyOfTally(value) < (keyword ? 4.0 : 4.2)) return false;
  if (wordCoverage(value) >= (keyword ? 0.5 : 0.4)) return false;
  if (lettersOnly && isCamelCaseWords(value)) return false;
  return !decodesToText(value);
}

/** Words that make a key id a placeholder wherever they are in its 16 characters after the prefix. */
export const ID_PLACEHOLDER_WORDS: readonly string[] = [
  'EXAMPLE',
  'IOSFODNN7',
  'XXXX',
  'DUMMY',
  'SAMPLE',
  'KEYID',
  'ACCESSKEY',
  'SECRET',
  'REDACT',
];
// Plain words of letters and digits (the test checks): the expression matches them literally, as
// base64-layer.ts does on bytes.
const ID_PLACEHOLDER = new RegExp(ID_PLACEHOLDER_WORDS.join('|'));

export interface KeyIdShape {
  plausible: boolean;
  /** Upper-case letters that read like words (`PACIFICSINGAPORE`): report only with other evidence. */
  wordLike: boolean;
}

/** The 16 characters after the 4-character prefix of a key id (A-Z0-9). */
const IMPLAUSIBLE: KeyIdShape = { plausible: false, wordLike: false };

export function keyIdShape(suffix: string): KeyIdShape {
  if (ID_PLACEHOLDER.test(suffix)) return IMPLAUSIBLE;
  const m = measureShape(suffix);
  if (m.distinct < 7 || m.sequence >= 6 || m.repeat >= 5) return IMPLAUSIBLE;
  countClasses(suffix);
  const digits = m.digits;
  // Vowels of an id are upper-case ones (`measured` counts both cases; an id has no lower-case letter).
  const vowels = m.lower === 0 ? m.vowels : upperVowels(suffix);
  const coverage = wordCoverage(suffix);
  // Words only (`REPLACEWITHYOURS`, `PLACEHOLDERVALUE`, `PACIFICSINGAPORE`): a placeholder, even under an
  // access-key-id label. No random id in 1,000,000 has no digit and 60% word coverage.
  if (digits === 0 && coverage >= 0.6) return IMPLAUSIBLE;
  // Random ids: 3.5% have no digit; of those 0.65% have 5+ vowels. Words have many vowels.
  const wordLike = (digits === 0 && vowels >= 5) || vowels >= 8 || coverage >= 0.5;
  return wordLike ? WORD_LIKE : PLAUSIBLE;
}

const PLAUSIBLE: KeyIdShape = { plausible: true, wordLike: false };
const WORD_LIKE: KeyIdShape = { plausible: true, wordLike: true };

function upperVowels(value: string): number {
  let vowels = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 65 || c === 69 || c === 73 || c === 79 || c === 85) vowels++;
  }
  return vowels;
}

/**
 * A session token or Bedrock key body: long, random, mixed case, no documentation marker. `structured`:
 * the caller recognised the value's binary structure (an STS token's header), which may legitimately
 * encode long runs of one character (`//////////` for eight 0xff bytes), so runs are not held against it.
 */
export function isPlausibleLongToken(value: string, structured = false): boolean {
  const body = value.replace(/=+$/, '');
  if (/EXAMPLE/i.test(body)) return false;
  if (!HAS_UPPER.test(body) || !HAS_LOWER.test(body) || !HAS_DIGIT.test(body)) return false;
  if (/^[0-9a-fA-F]+$/.test(body)) return false;
  if (!structured && longestRepeat(body) >= 8) return false;
  if (/xxxxxx|placeholder|redacted/i.test(body)) return false;
  const { entropy, distinct } = stats(body);
  return entropy >= 4.5 && distinct >= 24;
}
