// SQL statements that put a secret's name and its value apart:
//   INSERT INTO creds (user_name, aws_secret_access_key) VALUES ('ci', '<value>'), ('qa', '<value>');
//     the column list names each value's position in every row of VALUES;
//   UPDATE settings SET value = '<value>' WHERE name = 'aws_secret_access_key';
//     a key/value table: the WHERE clause names the row whose value the SET clause writes.
// Both are read from a keyword hit on the name (the caller's): the statement's keyword is found with a
// binary search over its occurrences (one regex pass per text, on first use), an INSERT's column list
// and VALUES rows are split once however many of its columns are named (the last statement read is
// kept), each statement column is reported once, and every character read here counts against a
// budget proportional to the text, so no input makes the reading super-linear.
import type { Scope } from './scope.js';

/** How far before the name its statement's keyword may be. */
const INSERT_REACH = 4096;
const UPDATE_REACH = 2048;
const MAX_COLUMNS = 256;
const MAX_ROWS = 10_000;

/** An INSERT's column list (items as ranges) and, once a column is asked for, its VALUES literals by column. */
interface Insert {
  at: number;
  /** Undefined when the statement has no plain column list. */
  open: number | undefined;
  /** [start, end) of each item of the column list, flat; `close` is the list's `)`. */
  items: number[];
  close: number;
  byColumn: number[][] | undefined;
}

/**
 * Where the statements of a text that start with one keyword are, in order: dense matches add nothing
 * (no statement is that short), so one is kept per 32 characters. Found on first use; each knows
 * whether it was read already.
 */
class Statements {
  private offsets: number[] | undefined;
  private readMarks: Uint8Array | undefined;
  private columnMarks: Uint8Array | undefined;

  constructor(
    private readonly text: string,
    /** Global, and matching no empty string. */
    private readonly pattern: RegExp,
  ) {}

  /** The index of the last statement starting at or before `offset`, or -1. */
  lastAtOrBefore(offset: number): number {
    const offsets = (this.offsets ??= this.find());
    let lo = 0;
    let hi = offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((offsets[mid] as number) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Where the statement of index `i` starts. */
  at(i: number): number {
    return (this.offsets as number[])[i] as number;
  }

  /** True the first time it is asked for the statement of index `i`. */
  firstRead(i: number): boolean {
    const marks = (this.readMarks ??= new Uint8Array((this.offsets as number[]).length));
    if (marks[i]) return false;
    marks[i] = 1;
    return true;
  }

  /**
   * True the first time it is asked for column `column` (below MAX_COLUMNS) of the statement of index
   * `i`: one bit per column of every statement (32 bytes per statement, so at most one byte per
   * character of the text), made when a first column is read.
   */
  firstColumnRead(i: number, column: number): boolean {
    const marks = (this.columnMarks ??= new Uint8Array((this.offsets as number[]).length * (MAX_COLUMNS >> 3)));
    const at = i * (MAX_COLUMNS >> 3) + (column >> 3);
    const bit = 1 << (column & 7);
    if ((marks[at] as number) & bit) return false;
    marks[at] = (marks[at] as number) | bit;
    return true;
  }

  private find(): number[] {
    const offsets: number[] = [];
    this.pattern.lastIndex = 0;
    let last = -Infinity;
    for (let m = this.pattern.exec(this.text); m !== null; m = this.pattern.exec(this.text)) {
      if (m.index - last >= 32) {
        offsets.push(m.index);
        last = m.index;
      }
    }
    return offsets;
  }
}

interface SqlState {
  inserts: Statements;
  updates: Statements;
  /** The last INSERT read: the names of one column list come one after another. */
  insert: Insert | undefined;
  /** Characters still allowed to be read in VALUES and SET clauses. */
  budget: number;
}

const states = new WeakMap<Scope, SqlState>();

function stateOf(scope: Scope): SqlState {
  let state = states.get(scope);
  if (!state) {
    state = {
      inserts: new Statements(scope.text, /\b(?:INSERT|REPLACE|insert|replace|Insert|Replace)\b/g),
      updates: new Statements(scope.text, /\b(?:UPDATE|update|Update)\b/g),
      budget: 4 * scope.text.length + (1 << 16),
      insert: undefined,
    };
    states.set(scope, state);
  }
  return state;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Identifier quotes: `"name"`, `` `name` ``, `[name]`. */
function isIdentifierQuote(c: number): boolean {
  return c === 34 || c === 96 || c === 91 || c === 93;
}

function skipSpaces(text: string, p: number, limit: number): number {
  while (p < limit && isSpace(text.charCodeAt(p))) p++;
  return p;
}

/** Offset after the string literal whose opening quote is at `p` (`''` and `\'` escape a quote), or -1. */
function literalEnd(text: string, p: number, limit: number): number {
  const quote = text.charCodeAt(p);
  for (let q = p + 1; q < limit; q++) {
    const c = text.charCodeAt(q);
    if (c === 92) q++;
    else if (c === quote) {
      if (text.charCodeAt(q + 1) !== quote) return q + 1;
      q++;
    }
  }
  return -1;
}

/** True when the name is one item of a parenthesized list: `(` or `,` before it, `,` or `)` after it. */
function inColumnList(text: string, start: number, end: number): boolean {
  let p = start - 1;
  while (p > start - 8 && (isSpace(text.charCodeAt(p)) || isIdentifierQuote(text.charCodeAt(p)))) p--;
  const before = text.charCodeAt(p);
  let q = end;
  while (q < end + 8 && (isSpace(text.charCodeAt(q)) || isIdentifierQuote(text.charCodeAt(q)))) q++;
  const after = text.charCodeAt(q);
  return (before === 40 || before === 44) && (after === 44 || after === 41);
}

const INSERT_HEAD = /^(?:insert|replace)\s+(?:[a-z_]+\s+){0,2}?into\s+[^\s(;]{1,128}\s*\(/i;

/**
 * `INSERT INTO t (a, <name>, b) VALUES (...), (...)`: the offsets where the values of the name's column
 * start (inside their quotes), one per row. Undefined when the name is not in an INSERT's column list
 * (empty when it is, but its column was read already or holds no literal).
 */
export function sqlInsertValues(scope: Scope, start: number, end: number): number[] | undefined {
  const { text } = scope;
  if (!inColumnList(text, start, end)) return undefined;
  const state = stateOf(scope);
  const index = state.inserts.lastAtOrBefore(start);
  const insert = index < 0 ? -1 : state.inserts.at(index);
  if (insert < 0 || start - insert > INSERT_REACH) return undefined;
  const statement = state.insert?.at === insert ? state.insert : (state.insert = readColumnList(text, insert));
  if (statement.open === undefined) return undefined;
  // The items are disjoint and in order: the one starting last at or before the name is the only one
  // that can hold it.
  const { items } = statement;
  let lo = 0;
  let hi = items.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[2 * mid] as number) <= start) lo = mid + 1;
    else hi = mid;
  }
  const column = lo - 1;
  if (column < 0 || end > (items[2 * column + 1] as number)) return undefined;
  if (!state.inserts.firstColumnRead(index, column)) return [];
  statement.byColumn ??= readValues(text, state, statement.close);
  return statement.byColumn[column] ?? [];
}

/** The column list of the INSERT at `insert`: where each item is (see Insert). */
function readColumnList(text: string, insert: number): Insert {
  const statement: Insert = { at: insert, open: undefined, items: [], close: -1, byColumn: undefined };
  const head = INSERT_HEAD.exec(text.slice(insert, insert + 256));
  if (!head) return statement;
  const open = insert + head[0].length - 1;
  const listLimit = Math.min(text.length, open + INSERT_REACH + 256);
  const items: number[] = [];
  let p = open + 1;
  let itemStart = p;
  for (; p < listLimit && items.length < 2 * MAX_COLUMNS; p++) {
    const c = text.charCodeAt(p);
    if (c === 44 || c === 41) {
      items.push(itemStart, p);
      itemStart = p + 1;
      if (c === 41) break;
    } else if (c === 40 || c === 39 || c === 59) {
      return statement; // not a plain column list
    }
  }
  if (text.charCodeAt(p) !== 41) return statement;
  return { at: insert, open, items, close: p, byColumn: undefined };
}

/** The string literals of each position of the VALUES rows after the column list's `)`, by column. */
function readValues(text: string, state: SqlState, close: number): number[][] {
  const byColumn: number[][] = [];
  let p = skipSpaces(text, close + 1, close + 64);
  const keyword = /^values?\b/i.exec(text.slice(p, p + 8));
  if (!keyword) return byColumn;
  p += keyword[0].length;
  const limit = Math.min(text.length, p + state.budget);
  const from = p;
  for (let row = 0; row < MAX_ROWS; row++) {
    p = skipSpaces(text, p, limit);
    if (text.charCodeAt(p) !== 40) break;
    p = readRow(text, p + 1, limit, byColumn);
    if (p < 0) break;
    p = skipSpaces(text, p, limit);
    if (text.charCodeAt(p) !== 44) break;
    p++;
  }
  state.budget -= (p < 0 ? limit : p) - from;
  return byColumn;
}

/**
 * Reads one row of VALUES after its `(`; pushes the start of the value of each position that is a
 * string literal onto `byColumn[position]`. Returns the offset after the row's `)`, or -1 when the row
 * is malformed.
 */
function readRow(text: string, from: number, limit: number, byColumn: number[][]): number {
  let field = 0;
  let depth = 0;
  let p = skipSpaces(text, from, limit);
  let fieldStart = p;
  while (p < limit) {
    const c = text.charCodeAt(p);
    if (c === 39 || c === 34) {
      // `N'...'` / `E'...'`: a prefixed literal is still the field's literal.
      const prefixed = p === fieldStart + 1 && /[NnEe]/.test(text[fieldStart] ?? '');
      if (depth === 0 && (p === fieldStart || prefixed) && field < MAX_COLUMNS) (byColumn[field] ??= []).push(p + 1);
      p = literalEnd(text, p, limit);
      if (p < 0) return -1;
      continue;
    }
    if (c === 40) depth++;
    else if (c === 41) {
      if (depth === 0) return p + 1;
      depth--;
    } else if (c === 44 && depth === 0) {
      field++;
      p = skipSpaces(text, p + 1, limit);
      fieldStart = p;
      continue;
    } else if (c === 59) return -1;
    p++;
  }
  return -1;
}

/** The white space of regular expressions' `\s`. */
function isRegExpSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `[A-Za-z0-9_]`. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** A column of a WHERE clause: `[A-Za-z0-9_."\`[\]]`. */
function isColumnCode(c: number): boolean {
  return isWordCode(c) || c === 46 || c === 34 || c === 96 || c === 91 || c === 93;
}

/** True when text[p, p + word.length) is `word` (lower-case letters) in any letter case. */
function wordAt(text: string, p: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((text.charCodeAt(p + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * The length of `update <table> set ` at `p` (any letter case; a table name of 1 to 128 characters
 * without white space or `;`), read within the 160 characters from `p`, or -1.
 */
function updateHeadLength(text: string, p: number): number {
  const limit = Math.min(text.length, p + 160);
  if (p + 6 > limit || !wordAt(text, p, 'update')) return -1;
  let q = p + 6;
  const spaces = q;
  while (q < limit && isRegExpSpace(text.charCodeAt(q))) q++;
  if (q === spaces) return -1;
  const table = q;
  while (q < limit && !isRegExpSpace(text.charCodeAt(q)) && text.charCodeAt(q) !== 59) q++;
  if (q === table || q - table > 128 || q >= limit || text.charCodeAt(q) === 59) return -1;
  while (q < limit && isRegExpSpace(text.charCodeAt(q))) q++;
  if (q + 4 > limit || !wordAt(text, q, 'set') || !isRegExpSpace(text.charCodeAt(q + 3))) return -1;
  return q + 4 - p;
}

/**
 * True when text[from, to) ends with `where <column> =` or `and <column> =` (any letter case; a column
 * of 1 to 64 characters; white space around the `=`), the keyword at `from` or after a character that
 * is not a letter, a digit or `_`.
 */
function conditionEndsAt(text: string, from: number, to: number): boolean {
  let p = to;
  while (p > from && isRegExpSpace(text.charCodeAt(p - 1))) p--;
  if (p <= from || text.charCodeAt(p - 1) !== 61 /* = */) return false;
  p--;
  while (p > from && isRegExpSpace(text.charCodeAt(p - 1))) p--;
  const columnEnd = p;
  while (p > from && isColumnCode(text.charCodeAt(p - 1))) p--;
  if (p === columnEnd || columnEnd - p > 64) return false;
  const spacesEnd = p;
  while (p > from && isRegExpSpace(text.charCodeAt(p - 1))) p--;
  if (p === spacesEnd) return false;
  let keyword: number;
  if (p - 5 >= from && wordAt(text, p - 5, 'where')) keyword = p - 5;
  else if (p - 3 >= from && wordAt(text, p - 3, 'and')) keyword = p - 3;
  else return false;
  return keyword === from || !isWordCode(text.charCodeAt(keyword - 1));
}

/**
 * `UPDATE t SET value = '<v>' WHERE name = '<name>'`: the starts of the string literals the SET clause
 * assigns. Empty unless the name is the whole literal compared in the statement's WHERE clause.
 */
export function sqlUpdateValues(scope: Scope, start: number, end: number): number[] {
  const { text } = scope;
  const quote = text.charCodeAt(start - 1);
  if ((quote !== 39 && quote !== 34) || text.charCodeAt(end) !== quote) return [];
  if (!conditionEndsAt(text, Math.max(0, start - 80), start - 1)) return [];
  const state = stateOf(scope);
  const index = state.updates.lastAtOrBefore(start);
  const update = index < 0 ? -1 : state.updates.at(index);
  if (update < 0 || start - update > UPDATE_REACH) return [];
  if (!state.updates.firstRead(index)) return [];
  const head = updateHeadLength(text, update);
  if (head < 0) return [];
  const found: number[] = [];
  let afterAssign = false;
  let p = update + head;
  const limit = start - 1;
  while (p < limit) {
    const c = text.charCodeAt(p);
    if (c === 39 || c === 34) {
      if (afterAssign) found.push(p + 1);
      const close = literalEnd(text, p, limit);
      if (close < 0) return [];
      p = close;
      afterAssign = false;
      continue;
    }
    if (c === 59) return []; // the WHERE belongs to another statement
    if (c === 61) afterAssign = true;
    else if (!isSpace(c)) {
      afterAssign = false;
      if (
        (c | 0x20) === 119 &&
        p + 5 <= text.length &&
        wordAt(text, p, 'where') &&
        !isWordCode(text.charCodeAt(p + 5)) &&
        !isWordCode(text.charCodeAt(p - 1))
      )
        break;
    }
    p++;
  }
  state.budget -= p - update;
  return found;
}
