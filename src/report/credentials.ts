// How many credentials a scan found, as opposed to how many places hold them: the same key pasted into
// three files is one credential to deactivate and replace, found in three places. A key id and its
// secret access key are one credential (one access key); a session token and a Bedrock API key count
// on their own.
import type { LocatedFinding } from '../scan-result.js';
import { credentialIdentities } from './mask.js';

export interface CredentialCount {
  /** Distinct credentials. */
  credentials: number;
  /** Findings: each is one place (a file and line, in a commit for a history scan). */
  places: number;
}

/** Findings that share a key id or a secret value are one credential (connected through pairs). */
export function countCredentials(findings: readonly LocatedFinding[]): CredentialCount {
  const parent = new Map<string, string>();
  const root = (id: string): string => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    // Path compression: the next look-up of `id` is one step.
    parent.set(id, r);
    return r;
  };
  for (const { finding } of findings) {
    const ids = credentialIdentities(finding);
    for (const id of ids) if (!parent.has(id)) parent.set(id, id);
    const first = root(ids[0]!);
    for (const id of ids.slice(1)) parent.set(root(id), first);
  }
  const roots = new Set([...parent.keys()].map(root));
  return { credentials: roots.size, places: findings.length };
}
