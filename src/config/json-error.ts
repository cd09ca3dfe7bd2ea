// Why a text is not valid JSON, for a one-line error about package.json or .keyguard.json. JSON.parse's
// own message cannot be shown: V8 quotes the source around the error (`Unexpected token 'x', ..."...
// aws_secret_access_key = ..."... is not valid JSON`), in several shapes, and a package.json can hold
// anything. So the text is scanned again here, only to find where the first error is; the reason says
// what was expected there and gives the line and column, and quotes nothing.

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPED = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /[0-9a-fA-F]{4}/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;

type Expecting = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after-value';

/** "expected ',' or '}' at line 3, column 5": where JSON.parse failed on `text`, without quoting it. */
export function jsonErrorReason(text: string): string {
  const error = firstError(text);
  if (!error) return 'it cannot be parsed';
  const before = text.slice(0, error.at);
  const line = before.split('\n').length;
  const column = error.at - (before.lastIndexOf('\n') + 1) + 1;
  return `${error.what} at line ${line}, column ${column}`;
}

/** The first place `text` departs from the JSON grammar (RFC 8259), and what was expected there. */
function firstError(text: string): { at: number; what: string } | undefined {
  const closers: string[] = [];
  let expecting: Expecting = 'value';
  let i = 0;
  const token = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  // A loop rather than one regular expression: a string can be megabytes long.
  const string = (): boolean => {
    for (let j = i + 1; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x22) {
        i = j + 1;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const next = text[j + 1] ?? '';
        HEX4.lastIndex = j + 2;
        if (next === 'u' && HEX4.test(text)) j += 5;
        else if (ESCAPED.has(next)) j++;
        else return false;
      }
    }
    return false;
  };
  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
    if (i >= text.length)
      return expecting === 'after-value' && closers.length === 0
        ? undefined
        : { at: i, what: 'unexpected end of the file' };
    const c = text[i];
    switch (expecting) {
      case 'value-or-close':
      case 'value':
        if (expecting === 'value-or-close' && c === ']') {
          closers.pop();
          i++;
          expecting = 'after-value';
        } else if (c === '{' || c === '[') {
          closers.push(c === '{' ? '}' : ']');
          i++;
          expecting = c === '{' ? 'key-or-close' : 'value-or-close';
        } else if (c === '"') {
          if (!string()) return { at: i, what: 'unterminated or invalid string' };
          expecting = 'after-value';
        } else if (token(NUMBER) || token(LITERAL)) {
          expecting = 'after-value';
        } else {
          return { at: i, what: 'expected a value' };
        }
        break;
      case 'key-or-close':
      case 'key':
        if (expecting === 'key-or-close' && c === '}') {
          closers.pop();
          i++;
          expecting = 'after-value';
        } else if (c !== '"') {
          return { at: i, what: 'expected a property name in double quotes' };
        } else if (!string()) {
          return { at: i, what: 'unterminated or invalid string' };
        } else {
          expecting = 'colon';
        }
        break;
      case 'colon':
        if (c !== ':') return { at: i, what: "expected ':' after a property name" };
        i++;
        expecting = 'value';
        break;
      case 'after-value': {
        const closer = closers[closers.length - 1];
        if (closer === undefined) return { at: i, what: 'unexpected text after the end of the JSON value' };
        if (c === ',') {
          i++;
          expecting = closer === '}' ? 'key' : 'value';
        } else if (c === closer) {
          closers.pop();
          i++;
        } else {
          return { at: i, what: `expected ',' or '${closer}'` };
        }
        break;
      }
    }
  }
}
