// What a push sends (`keyguard scan --pre-push`), from git's pre-push protocol
// (https://git-scm.com/docs/githooks#_pre_push): git runs the hook with the remote's name and URL as
// arguments and writes one line per ref being pushed to its standard input,
//
//   <local ref> SP <local object name> SP <remote ref> SP <remote object name> LF
//
// where a deletion has an all-zero local object name and a new remote ref an all-zero remote one. The
// commits to scan are those reachable from what is pushed and not from what the remote already has: the
// remote's current values of the pushed refs and, for a new ref, everything the remote-tracking refs
// (refs/remotes/<remote>/*) say it has. Both are excluded only when they exist here (a force push can
// replace commits this repository never fetched).
import { runGit, type GitContext } from './exec.js';
import { isNullOid } from './parse-raw-diff.js';

export interface PushedRef {
  localRef: string;
  localOid: string;
  remoteRef: string;
  remoteOid: string;
}

const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** Parses git's pre-push standard input; a line that is not in the protocol's shape is an error. */
export function parsePushedRefs(input: string): PushedRef[] {
  const refs: PushedRef[] = [];
  for (const line of input.split('\n')) {
    if (line.trim() === '') continue;
    const [localRef = '', localOid = '', remoteRef = '', remoteOid = '', ...rest] = line.split(' ');
    if (rest.length > 0 || !OID.test(localOid) || !OID.test(remoteOid)) {
      throw new Error(`unexpected pre-push input line: ${JSON.stringify(line.slice(0, 200))}`);
    }
    refs.push({ localRef, localOid, remoteRef, remoteOid });
  }
  return refs;
}

/**
 * The revisions `git log` takes for the commits a push sends: each pushed object, and `^<oid>` for what
 * the remote has. Empty when nothing is sent (only deletions).
 */
export async function pushedRevisions(
  refs: readonly PushedRef[],
  remote: string | undefined,
  context: GitContext,
): Promise<string[]> {
  const pushed = refs.filter((ref) => !isNullOid(ref.localOid)).map((ref) => ref.localOid);
  if (pushed.length === 0) return [];
  const known = refs.filter((ref) => !isNullOid(ref.remoteOid)).map((ref) => ref.remoteOid);
  if (remote !== undefined && refs.some((ref) => isNullOid(ref.remoteOid))) {
    // A ref the remote does not have yet: what it has of every other branch is not sent again.
    const tracking = await runGit(['for-each-ref', '--format=%(objectname)', `refs/remotes/${remote}/`], context);
    known.push(
      ...tracking.stdout
        .toString('utf8')
        .split('\n')
        .filter((oid) => OID.test(oid)),
    );
  }
  return [...new Set(pushed), ...(await existing([...new Set(known)], context)).map((oid) => `^${oid}`)];
}

/** The commits (and annotated tags) among `oids` this repository has (git log refuses an unknown revision). */
async function existing(oids: readonly string[], context: GitContext): Promise<string[]> {
  if (oids.length === 0) return [];
  const { stdout } = await runGit(['cat-file', '--batch-check=%(objectname) %(objecttype)'], context, {
    input: `${oids.join('\n')}\n`,
  });
  return stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line.endsWith(' commit') || line.endsWith(' tag'))
    .map((line) => line.split(' ')[0] as string);
}

/**
 * Where `git rebase -i` starts to edit the commits of a push that added a key (`oldest`: the oldest of
 * them, as git log lists them): the remote's current value of the pushed ref when this repository has it
 * (its remote-tracking name when that is up to date, such as `origin/main`), or else the parent of the
 * oldest commit, or `--root` when that commit has none. `@{upstream}` is not used: a first push has none.
 */
export async function rebaseBase(
  refs: readonly PushedRef[],
  remote: string | undefined,
  oldest: string,
  context: GitContext,
): Promise<string> {
  const sent = refs.filter((ref) => !isNullOid(ref.localOid));
  const [only] = sent;
  if (
    sent.length === 1 &&
    only &&
    !isNullOid(only.remoteOid) &&
    (await existing([only.remoteOid], context)).length === 1
  ) {
    const branch = /^refs\/heads\/(.+)$/.exec(only.remoteRef)?.[1];
    if (remote !== undefined && branch !== undefined) {
      const tracking = `refs/remotes/${remote}/${branch}`;
      const at = await runGit(['for-each-ref', '--format=%(objectname)', tracking], context);
      if (at.stdout.toString('utf8').trim() === only.remoteOid) return `${remote}/${branch}`;
    }
    return only.remoteOid.slice(0, 12);
  }
  const { stdout } = await runGit(['rev-list', '--parents', '-n', '1', '--end-of-options', oldest], context);
  const parents = stdout.toString('utf8').trim().split(' ').slice(1);
  return parents.length === 0 ? '--root' : `${oldest.slice(0, 12)}~`;
}
