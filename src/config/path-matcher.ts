// ignorePaths matching, in a module of its own so that picomatch is loaded only when a configuration
// has ignorePaths: the hook's start-up pays nothing for it otherwise.
import picomatch from 'picomatch';

/**
 * Compiles gitignore-style globs into one predicate on repository-relative paths: a pattern without a
 * slash matches at any depth, a leading `/` anchors to the root, a trailing `/` (or a directory name)
 * covers everything below, and a later `!pattern` re-includes what an earlier one ignored.
 */
export function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  const compiled = patterns.map((pattern) => {
    const negate = pattern.startsWith('!');
    let glob = negate ? pattern.slice(1) : pattern;
    const anchored = glob.startsWith('/');
    if (anchored) glob = glob.slice(1);
    if (glob.endsWith('/')) glob = glob.slice(0, -1);
    if (!anchored && !glob.includes('/')) glob = `**/${glob}`;
    const isMatch = picomatch([glob, `${glob}/**`], { dot: true });
    return { negate, isMatch };
  });
  return (path) => {
    const normalized = path.replace(/\\/g, '/').replace(/^\.\//, '');
    let ignored = false;
    for (const { negate, isMatch } of compiled) if (isMatch(normalized)) ignored = !negate;
    return ignored;
  };
}
