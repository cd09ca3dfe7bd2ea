// What a push brings to the server, from git's pre-receive protocol
// (https://git-scm.com/docs/githooks#pre-receive): git runs the hook in the receiving repository, with
// no arguments, and writes one line per ref being updated to its standard input,
//
//   <old-value> SP <new-value> SP <ref-name> LF
//
// where an all-zero old value creates the ref and an all-zero new value deletes it (all-zero ids as long
// as the repository's: 40 hex digits for SHA-1, 64 for SHA-256). The commits to scan are those
// reachable from the new values and from no ref the server has; history.ts lists them with
// `--not --all`, reading the new values from standard input. While the hook runs, the pushed objects
// are in git's quarantine directory, which git names to its child processes (GIT_OBJECT_DIRECTORY,
// GIT_ALTERNATE_OBJECT_DIRECTORIES): keyguard's git processes inherit the environment, so they read
// them, and the refs do not point at them yet, so `--all` is exactly what the server had before.
// https://git-scm.com/docs/git-receive-pack#_quarantine_environment
import { GitError, GitSetupError } from './errors.js';
import { runGit, type GitContext } from './exec.js';
import { isNullOid } from './parse-raw-diff.js';

export interface ReceivedRef {
  oldOid: string;
  newOid: string;
  refName: string;
}

/** Hex digits in an object id, by the repository's `extensions.objectFormat`. */
const OID_LENGTHS: Readonly<Record<string, number>> = { sha1: 40, sha256: 64 };

/** How long the receiving repository's object ids are (`git rev-parse --show-object-format`). */
export async function objectIdLength(context: GitContext): Promise<number> {
  let format: string;
  try {
    const output = await runGit(['rev-parse', '--show-object-format'], {
      cwd: context.cwd,
      env: { ...context.env, LC_ALL: 'C' },
    });
    format = output.stdout.toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.failure.stderr)) {
      throw new GitSetupError('not-a-repository', { cause: error });
    }
    throw error;
  }
  const length = OID_LENGTHS[format];
  if (length === undefined) throw new Error(`unknown object format "${format}"`);
  return length;
}

/**
 * Parses git's pre-receive standard input. Ids must be hex of the repository's length and ref names must
 * not look like options; anything else is an error (nothing from this input ever reaches git as an option).
 */
export function parseReceivedRefs(input: string, oidLength: number): ReceivedRef[] {
  const oid = new RegExp(`^[0-9a-f]{${oidLength}}$`);
  const refs: ReceivedRef[] = [];
  for (const line of input.split('\n')) {
    if (line.trim() === '') continue;
    const [oldOid = '', newOid = '', refName = '', ...rest] = line.split(' ');
    if (rest.length > 0 || !oid.test(oldOid) || !oid.test(newOid) || refName === '' || refName.startsWith('-')) {
      throw new Error(`unexpected pre-receive input line: ${JSON.stringify(line.slice(0, 200))}`);
    }
    refs.push({ oldOid, newOid, refName });
  }
  return refs;
}

/**
 * The objects whose new commits are scanned: each ref's new value, once. Deletions bring nothing. A new
 * value that is an annotated tag is peeled by git log; one that names a tree or a blob lists no commit.
 */
export function receivedObjects(refs: readonly ReceivedRef[]): string[] {
  return [...new Set(refs.filter((ref) => !isNullOid(ref.newOid)).map((ref) => ref.newOid))];
}
