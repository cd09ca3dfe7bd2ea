// Delimited tables (CSV, TSV, `;`-separated exports): a header row names a column, the value sits in
// a data row below, at the same position:
//   user,region,aws_secret_access_key
//   ci,eu-west-1,<value>
// Read from a keyword hit on the header's field (the caller's). The row must be a table row (the name
// a whole field between delimiters, two fields or more), and only the data rows with exactly as many
// fields as the header are read (the table ends at the first row that has another count). Quoted
// fields follow RFC 4180 (`""` escapes a quote; delimiters and line breaks inside quotes). A header and
// its data rows are split into fields once, however many of its columns are asked for (a header of
// hundreds of secret-named columns reads its table once, not once per column); each column is
// reported once, and the characters read count against a budget proportional to the text.
import type { Scope } from './scope.js';

const MAX_HEADER = 8192;
const MAX_FIELDS = 512;
const MAX_ROWS = 100_000;

/** A header row split into fields, and (once a column is asked for) its data rows. */
interface Table {
  lineStart: number;
  delimiter: number;
  /** Undefined when the line is no header (too long, too many fields, fewer than two). */
  header: { fields: number[]; next: number } | undefined;
  /** Column index of each field's content start. */
  columns: Map<number, number>;
  /** Content starts of the data rows' fields, row after row (`header.fields.length` per row). */
  rows: number[] | undefined;
}

interface CsvState {
  /** The last offset whose line start is known, and that line start (-1: none within reach). */
  queried: number;
  lineStart: number;
  /** Columns already read: the header's line start times `MAX_FIELDS`, plus the column's index. */
  read: Set<number>;
  budget: number;
  /** The last header read: the keyword hits of one header line come one after another. */
  table: Table | undefined;
}

const states = new WeakMap<Scope, CsvState>();

function stateOf(scope: Scope): CsvState {
  let state = states.get(scope);
  if (!state) {
    state = {
      queried: -1,
      lineStart: -1,
      read: new Set(),
      budget: 4 * scope.text.length + (1 << 16),
      table: undefined,
    };
    states.set(scope, state);
  }
  return state;
}

function isDelimiter(c: number): boolean {
  return c === 44 || c === 9 || c === 59;
}

function isLineEnd(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  return Number.isNaN(c) || c === 10 || c === 13;
}

/**
 * The start of the line holding `offset`, or -1 when it is more than MAX_HEADER before. Queries at
 * increasing offsets reuse the previous answer, so a pass over a long line's keyword hits stays linear.
 */
function lineStartOf(text: string, state: CsvState, offset: number): number {
  let from = offset - 1;
  let stop = Math.max(-1, offset - 1 - MAX_HEADER);
  let fallback = -1;
  if (state.queried >= 0 && state.queried <= offset) {
    stop = Math.max(stop, state.queried - 1);
    fallback = state.lineStart;
  }
  let start = -1;
  for (; from > stop; from--) {
    if (text.charCodeAt(from) === 10) {
      start = from + 1;
      break;
    }
  }
  if (start < 0) start = from < 0 ? 0 : fallback;
  state.queried = offset;
  state.lineStart = start;
  return start >= 0 && offset - start <= MAX_HEADER ? start : -1;
}

/**
 * Splits the record starting at `p` into fields. Returns the offsets where each field's content starts
 * (after an opening quote) and the offset after the record's line break, or undefined when the record
 * is unterminated within `limit` or has too many fields.
 */
function readRecord(
  text: string,
  p: number,
  limit: number,
  delimiter: number,
): { fields: number[]; next: number } | undefined {
  const fields: number[] = [];
  for (;;) {
    if (fields.length >= MAX_FIELDS) return undefined;
    if (text.charCodeAt(p) === 34) {
      fields.push(p + 1);
      p++;
      for (;;) {
        if (p >= limit) return undefined;
        if (text.charCodeAt(p) === 34) {
          if (text.charCodeAt(p + 1) !== 34) break;
          p++;
        }
        p++;
      }
      p++;
    } else {
      fields.push(p);
    }
    while (p < limit && text.charCodeAt(p) !== delimiter && !isLineEnd(text, p)) p++;
    if (p >= text.length) return { fields, next: p };
    if (p >= limit) return undefined;
    if (text.charCodeAt(p) === delimiter) {
      p++;
      continue;
    }
    if (text.charCodeAt(p) === 13) p++;
    if (text.charCodeAt(p) === 10) p++;
    return { fields, next: p };
  }
}

/**
 * The offsets where the values of the column named by [start, end) start, one per data row, when that
 * name is a whole field of a table's header row. Empty otherwise.
 */
export function csvColumnValues(scope: Scope, start: number, end: number): number[] {
  const { text } = scope;
  const quoted = text.charCodeAt(start - 1) === 34 && text.charCodeAt(end) === 34;
  const left = quoted ? start - 1 : start;
  const right = quoted ? end + 1 : end;
  const before = left === 0 ? 10 : text.charCodeAt(left - 1);
  const after = isLineEnd(text, right) ? 10 : text.charCodeAt(right);
  const delimiter = isDelimiter(before) ? before : after;
  if (!isDelimiter(delimiter) || (before !== 10 && before !== delimiter) || (after !== 10 && after !== delimiter))
    return [];
  const state = stateOf(scope);
  const lineStart = lineStartOf(text, state, left);
  if (lineStart < 0) return [];
  const table = tableAt(text, state, lineStart, delimiter);
  const { header } = table;
  if (!header) return [];
  const column = table.columns.get(quoted ? start : left);
  if (column === undefined) return [];
  const key = lineStart * MAX_FIELDS + column;
  if (state.read.has(key)) return [];
  state.read.add(key);
  const rows = (table.rows ??= readRows(text, state, header, delimiter));
  const width = header.fields.length;
  const found: number[] = [];
  for (let k = column; k < rows.length; k += width) found.push(rows[k] as number);
  return found;
}

/** The table whose header line starts at `lineStart`, split into fields (cached: see CsvState.table). */
function tableAt(text: string, state: CsvState, lineStart: number, delimiter: number): Table {
  const cached = state.table;
  if (cached && cached.lineStart === lineStart && cached.delimiter === delimiter) return cached;
  const record = readRecord(text, lineStart, Math.min(text.length, lineStart + MAX_HEADER), delimiter);
  const header = record && record.fields.length >= 2 ? record : undefined;
  const columns = new Map<number, number>();
  if (header) for (const [i, at] of header.fields.entries()) columns.set(at, i);
  const table: Table = { lineStart, delimiter, header, columns, rows: undefined };
  state.table = table;
  return table;
}

/** The data rows below a header, as long as they have its number of fields (within the budget). */
function readRows(
  text: string,
  state: CsvState,
  header: { fields: number[]; next: number },
  delimiter: number,
): number[] {
  const rows: number[] = [];
  const from = header.next;
  const limit = Math.min(text.length, from + Math.max(0, state.budget));
  let p = from;
  for (let row = 0; row < MAX_ROWS && p < limit; row++) {
    const record = readRecord(text, p, limit, delimiter);
    if (!record || record.fields.length !== header.fields.length) break;
    for (const at of record.fields) rows.push(at);
    p = record.next;
  }
  state.budget -= p - from;
  return rows;
}
