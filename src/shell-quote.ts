// Quoting for POSIX sh, in one place: the hook's settings lines and the commands a report prints.
// Pure string functions.

/** Characters that never need quoting in a sh word. */
const PLAIN = /^[A-Za-z0-9_./@%+=:,-]+$/;

/** A value as one sh word: bare when it is plainly safe, otherwise in single quotes (`'\''` for a quote). */
export function shellQuote(value: string): string {
  if (PLAIN.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A path as an argument of a command the user copies from a report: a leading `-` gets `./` so no
 * command reads it as an option, and control characters are written visibly with bash's `$'…'`
 * quoting (in single quotes they would be pasted raw).
 */
export function shellQuotePath(path: string): string {
  const p = path.startsWith('-') ? `./${path}` : path;
  if (!/[\u0000-\u001f\u007f]/.test(p)) return shellQuote(p);
  const escaped = [...p]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      if (ch === '\\' || ch === "'") return `\\${ch}`;
      if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
      return ch;
    })
    .join('');
  return `$'${escaped}'`;
}
