// Inline suppression (docs/suppression.md): `keyguard:allow` in a comment on the line itself, or
// `keyguard:allow-next-line` on the line above, in any comment syntax. Only that line is allowed.

/** Comment openers of the common languages: # // /* <!-- -- ; % REM, and * inside a block comment. */
const COMMENT_OPENER = /#|\/\/|\/\*|<!--|--|;|%|\bREM\b|^\s*\*/i;
const TOKEN = /keyguard:allow(-next-line)?\b/g;

export interface InlineAllow {
  /** The optional reason written after the marker (`keyguard:allow test fixture`), or ''. */
  reason: string;
}

function markers(line: string): Array<{ nextLine: boolean; reason: string }> {
  const found: Array<{ nextLine: boolean; reason: string }> = [];
  if (!line.includes('keyguard:allow')) return found;
  for (const match of line.matchAll(TOKEN)) {
    // Only inside a comment: some comment opener must stand before the marker on the line.
    if (!COMMENT_OPENER.test(line.slice(0, match.index))) continue;
    const after = line.slice(match.index + match[0].length);
    const reason = after
      .replace(/(\*\/|-->).*$/, '')
      .replace(/^[\s:=-]+/, '')
      .trim();
    found.push({ nextLine: match[1] !== undefined, reason });
  }
  return found;
}

/**
 * Whether the finding on `line` is allowed inline, looking at that line and the one above it.
 * Returns the allow (with its reason) or undefined.
 */
export function inlineAllow(lineText: string, previousLineText: string | undefined): InlineAllow | undefined {
  const own = markers(lineText).find((m) => !m.nextLine);
  if (own) return { reason: own.reason };
  const above = previousLineText === undefined ? undefined : markers(previousLineText).find((m) => m.nextLine);
  return above ? { reason: above.reason } : undefined;
}
