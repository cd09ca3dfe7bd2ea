// `.keyguard.json` is JSON with comments and trailing commas, as tsconfig.json and VS Code's settings
// are: read with Microsoft's jsonc-parser, the parser of those files. Its errors are a code and an
// offset, never the text, so the reason below says where the file is wrong without quoting it (the file
// may hold a key).
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';

export type JsoncResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** What went wrong, in the words of json-error.ts (the reason for a file that is plain JSON). */
// Keyed by the names printParseErrorCode gives (the codes are a const enum, types only).
const REASONS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'expected a value',
  ValueExpected: 'expected a value',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ColonExpected: "expected ':' after a property name",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected ',' or '}'",
  CloseBracketExpected: "expected ',' or ']'",
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated or invalid string',
  UnexpectedEndOfNumber: 'invalid number',
  InvalidUnicode: 'unterminated or invalid string',
  InvalidEscapeCharacter: 'unterminated or invalid string',
  InvalidCharacter: 'unterminated or invalid string',
};

/** The value of a JSON-with-comments text, or why it is not one ("expected a value at line 3, column 5"). */
export function parseJsonc(text: string): JsoncResult {
  const errors: ParseError[] = [];
  let tree: Node | undefined;
  let value: unknown;
  try {
    tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
    if (errors.length === 0 && tree !== undefined) value = jsonValue(tree);
  } catch (error) {
    // Both recurse once per level of nesting: thousands of levels exhaust the stack.
    if (error instanceof RangeError) return { ok: false, reason: 'nested too deeply' };
    throw error;
  }
  const first = errors[0];
  if (first !== undefined)
    return {
      ok: false,
      reason: `${REASONS[printParseErrorCode(first.error)] ?? 'it cannot be parsed'} ${position(text, first.offset)}`,
    };
  if (tree === undefined) return { ok: false, reason: `expected a value ${position(text, text.length)}` };
  return { ok: true, value };
}

/** "at line 3, column 5" (1-based; columns count UTF-16 code units, as editors show them). */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `at line ${line}, column ${offset - (before.lastIndexOf('\n') + 1) + 1}`;
}

/**
 * The tree's value, as JSON.parse would build it: every property an own data property, `__proto__`
 * included (jsonc-parser's own `parse` assigns properties, and `"__proto__": {…}` would set the
 * object's prototype instead).
 */
function jsonValue(node: Node): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(
        (node.children ?? []).map((property) => [property.children?.[0]?.value, jsonValue(property.children![1]!)]),
      );
    case 'array':
      return (node.children ?? []).map(jsonValue);
    default:
      return node.value;
  }
}
