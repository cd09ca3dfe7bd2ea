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
import { Occurrences, type Scope } from './scope.js';

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

interface SqlState {
  inserts: Occurrences;
  updates: Occurrences;
  /** The last INSERT read: the names of one column list come one after another. */
  insert: Insert | undefined;
  /** Columns already read: the column list's offset times `MAX_COLUMNS`, plus the column's index. */
  readColumns: Set<number>;
  /** Offsets of the UPDATE statements already read. */
  readUpdates: Set<number>;
  /** Characters still allowed to be read in VALUES and SET clauses. */
  budget: number;
}

const states = new WeakMap<Scope, SqlState>();

function stateOf(scope: Scope): SqlState {
  let state = states.get(scope);
  if (!state) {
    state = {
      inserts: new Occurrences(scope.text, /\b(?:INSERT|REPLACE|insert|replace|Insert|Replace)\b/g),
      updates: new Occurrences(scope.text, /\b(?:UPDATE|update|Update)\b/g),
      readColumns: new Set(),
      readUpdates: new Set(),
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
  const insert = state.inserts.lastAtOrBefore(start);
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
  const key = statement.open * MAX_COLUMNS + column;
  if (state.readColumns.has(key)) return [];
  state.readColumns.add(key);
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

const UPDATE_HEAD = /^update\s+[^\s;]{1,128}\s+set\s/i;
const CONDITION = /(?:^|[^A-Za-z0-9_])(?:where|and)\s+[A-Za-z0-9_."`[\]]{1,64}\s*=\s*$/i;

/**
 * `UPDATE t SET value = '<v>' WHERE name = '<name>'`: the starts of the string literals the SET clause
 * assigns. Empty unless the name is the whole literal compared in the statement's WHERE clause.
 */
export function sqlUpdateValues(scope: Scope, start: number, end: number): number[] {
  const { text } = scope;
  const quote = text.charCodeAt(start - 1);
  if ((quote !== 39 && quote !== 34) || text.charCodeAt(end) !== quote) return [];
  if (!CONDITION.test(text.slice(Math.max(0, start - 80), start - 1))) return [];
  const state = stateOf(scope);
  const update = state.updates.lastAtOrBefore(start);
  if (update < 0 || start - update > UPDATE_REACH) return [];
  if (state.readUpdates.has(update)) return [];
  state.readUpdates.add(update);
  const head = UPDATE_HEAD.exec(text.slice(update, update + 160));
  if (!head) return [];
  const found: number[] = [];
  let afterAssign = false;
  let p = update + head[0].length;
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
      if ((c | 0x20) === 119 && /^where\b/i.test(text.slice(p, p + 6)) && !/[A-Za-z0-9_]/.test(text[p - 1] ?? ''))
        break;
    }
    p++;
  }
  state.budget -= p - update;
  return found;
}
