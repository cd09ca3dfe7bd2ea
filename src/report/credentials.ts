// How many credentials a scan found, as opposed to how many places hold them: the same key pasted into
// three files is one credential to deactivate and replace, found in three places. A key id and its
// secret access key are one credential (one access key); a session token and a Bedrock API key count
// on their own.
import type { LocatedFinding } from '../scan-result.js';
import { credentialIdentities, type IdentityKind } from './mask.js';

export interface CredentialCount {
  /** Distinct credentials. */
  credentials: number;
  /** Findings: each is one place (a file and line, in a commit for a history scan). */
  places: number;
}

/** Findings that share a key id or a secret value are one credential (connected through pairs). */
export function countCredentials(findings: readonly LocatedFinding[]): CredentialCount {
  // Union-find over numbered identities: a file made of findings has hundreds of thousands of them.
  const numbers: Record<IdentityKind, Map<string, number>> = { key: new Map(), value: new Map(), finding: new Map() };
  const parent: number[] = [];
  const root = (n: number): number => {
    let r = n;
    while (parent[r] !== r) r = parent[r]!;
    // Path compression: the next look-up of anything on the path is one step.
    for (let at = n; parent[at] !== r; ) {
      const next = parent[at]!;
      parent[at] = r;
      at = next;
    }
    return r;
  };
  let first = -1;
  const join = (kind: IdentityKind, id: string): void => {
    let n = numbers[kind].get(id);
    if (n === undefined) {
      n = parent.length;
      parent.push(n);
      numbers[kind].set(id, n);
    }
    if (first === -1) first = root(n);
    else parent[root(n)] = first;
  };
  for (const { finding } of findings) {
    first = -1;
    credentialIdentities(finding, join);
  }
  let credentials = 0;
  for (let n = 0; n < parent.length; n++) if (parent[n] === n) credentials++;
  return { credentials, places: findings.length };
}
