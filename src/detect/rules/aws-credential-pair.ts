// aws-credential-pair: a key id and the secret that belongs to it, reported once. A secret seen only
// near a key id (no label) exists only as part of a pair. Pairing is greedy by distance: the closest
// line first, then a secret below its id before one above, then the closest offset, so two profiles of
// one credentials file pair profile by profile.
import type { RuleExamples } from './examples.js';

/** Line distance within which a labeled secret pairs with a key id; unlabeled ones need to be closer. */
const LABELED_LINES = 6;
const UNLABELED_LINES = 3;
const MAX_CHARS = 2000;
const UNLABELED_CHARS = 1000;
/** Candidates considered on each side of an id, so pairing stays O(n log n) on pathological input. */
const NEIGHBOURS = 8;

/** Where the located candidates of a text are, index for index (sorted by offset). */
export interface Located {
  /** Offset of each candidate in the text. */
  readonly start: Int32Array;
  /** Its 1-based line. */
  readonly line: Int32Array;
  /** 1 for a secret named by a keyword, 0 otherwise. */
  readonly labeled: Uint8Array;
}

/** Every edge's score is below this (line distance, side, character distance). */
const SCORE_LIMIT = LABELED_LINES * 8192 + 4096 + MAX_CHARS + 1;
/** From this many edges on, they are ordered by counting their scores rather than by comparisons. */
const COUNTING_FROM = 4096;

/**
 * The edges' numbers by score, ties in the order the edges were found (a stable sort). Many edges (a
 * file of key pairs has several per id) are ordered by counting their scores, in linear time.
 */
function byScore(scores: Uint16Array, n: number): ArrayLike<number> {
  if (n < COUNTING_FROM) {
    const order = Array.from({ length: n }, (_, i) => i);
    return order.sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b);
  }
  const next = new Int32Array(SCORE_LIMIT + 1);
  for (let i = 0; i < n; i++) next[(scores[i] as number) + 1] = (next[(scores[i] as number) + 1] as number) + 1;
  for (let s = 1; s <= SCORE_LIMIT; s++) next[s] = (next[s] as number) + (next[s - 1] as number);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    order[next[s] as number] = i;
    next[s] = (next[s] as number) + 1;
  }
  return order;
}

/**
 * Pairs key ids with secrets. `ids` and `secrets` are indices into `at`, in order of offset. Returns
 * the pairs as [id, secret, id, secret, ...] (indices into `at`), in the order they were chosen.
 */
export function pairCredentials(ids: readonly number[], secrets: readonly number[], at: Located): number[] {
  if (ids.length === 0 || secrets.length === 0) return [];
  const { start, line, labeled } = at;
  // Edges in typed arrays grown by doubling (a file of key pairs has several per id: millions of
  // pushes to arrays of numbers cost several times as much): the id's and the secret's position in
  // `ids`/`secrets`, and the score. Lower is better: line distance, then a secret above its id, then
  // character distance; ties keep the order the edges were found in, which is by id.
  let capacity = 64;
  let edgeIds = new Int32Array(capacity);
  let edgeSecrets = new Int32Array(capacity);
  let scores = new Uint16Array(capacity);
  let edges = 0;
  let cursor = 0;
  for (let idIndex = 0; idIndex < ids.length; idIndex++) {
    const id = ids[idIndex] as number;
    const idAt = start[id] as number;
    const idLine = line[id] as number;
    while (cursor < secrets.length && (start[secrets[cursor] as number] as number) < idAt) cursor++;
    // The NEIGHBOURS secrets at or after the id, then the NEIGHBOURS before it, each side until one is
    // too far.
    for (let side = 0; side < 2; side++) {
      const first = side === 0 ? cursor : cursor - 1;
      const step = side === 0 ? 1 : -1;
      const stop = side === 0 ? Math.min(secrets.length, cursor + NEIGHBOURS) : Math.max(0, cursor - NEIGHBOURS) - 1;
      for (let k = first; k !== stop; k += step) {
        const secret = secrets[k] as number;
        const chars = Math.abs((start[secret] as number) - idAt);
        if (chars > MAX_CHARS) break;
        const lines = (line[secret] as number) - idLine;
        const isLabeled = labeled[secret] === 1;
        if (Math.abs(lines) > (isLabeled ? LABELED_LINES : UNLABELED_LINES) || (!isLabeled && chars > UNLABELED_CHARS))
          continue;
        if (edges === capacity) {
          capacity *= 2;
          edgeIds = grown(edgeIds, new Int32Array(capacity));
          edgeSecrets = grown(edgeSecrets, new Int32Array(capacity));
          scores = grown(scores, new Uint16Array(capacity));
        }
        edgeIds[edges] = idIndex;
        edgeSecrets[edges] = k;
        scores[edges] = Math.abs(lines) * 8192 + (lines < 0 ? 4096 : 0) + chars;
        edges++;
      }
    }
  }
  const order = byScore(scores, edges);
  const usedIds = new Uint8Array(ids.length);
  const usedSecrets = new Uint8Array(secrets.length);
  const pairs: number[] = [];
  for (let i = 0; i < edges; i++) {
    const edge = order[i] as number;
    const idIndex = edgeIds[edge] as number;
    const secretIndex = edgeSecrets[edge] as number;
    if (usedIds[idIndex] || usedSecrets[secretIndex]) continue;
    usedIds[idIndex] = 1;
    usedSecrets[secretIndex] = 1;
    pairs.push(ids[idIndex] as number, secrets[secretIndex] as number);
  }
  return pairs;
}

function grown<T extends Int32Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

export const examples: RuleExamples = {
  positives(fake) {
    const a = { id: fake.keyId(), secret: fake.secret() };
    const b = { id: fake.keyId(), secret: fake.secret() };
    const envBlob = Buffer.from(`AWS_ACCESS_KEY_ID=${a.id}\nAWS_SECRET_ACCESS_KEY=${a.secret}\n`).toString('base64');
    const dockerAuth = Buffer.from(`${a.id}:${a.secret}`).toString('base64');
    const dockerConfig = Buffer.from(`{"auths":{"registry.example.com":{"auth":"${dockerAuth}"}}}`).toString('base64');
    return [
      {
        name: 'credentials file, two profiles',
        text: `[default]\naws_access_key_id = ${a.id}\naws_secret_access_key = ${a.secret}\n\n[prod]\naws_access_key_id = ${b.id}\naws_secret_access_key = ${b.secret}\n`,
        rule: 'aws-credential-pair',
        line: 2,
      },
      {
        name: 'IAM console CSV',
        text: `Access key ID,Secret access key\n${a.id},${a.secret}\n`,
        rule: 'aws-credential-pair',
        line: 2,
        path: 'alice_accessKeys.csv',
      },
      {
        name: 'Java constructor, no labels',
        text: `AWSCredentials c = new BasicAWSCredentials(\n    "${a.id}",\n    "${a.secret}");\n`,
        rule: 'aws-credential-pair',
        line: 2,
      },
      {
        name: 'Go static credentials',
        text: `creds := credentials.NewStaticCredentials("${a.id}", "${a.secret}", "")\n`,
        rule: 'aws-credential-pair',
        line: 1,
      },
      {
        name: 'Kubernetes Secret with a base64 env blob',
        text: `apiVersion: v1\nkind: Secret\ndata:\n  app.env: ${envBlob}\n`,
        rule: 'aws-credential-pair',
        line: 4,
      },
      {
        name: '.dockerconfigjson',
        text: `kind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${dockerConfig}\n`,
        rule: 'aws-credential-pair',
        line: 4,
      },
      {
        name: 'id split across string literals',
        text: `const id = "${a.id.slice(0, 8)}" +\n  "${a.id.slice(8)}";\nconst secret = "${a.secret}";\n`,
        rule: 'aws-credential-pair',
        line: 1,
      },
      {
        name: 'secret split in literals, no label',
        text: `AWSCredentials c = new BasicAWSCredentials("${a.id}",\n    "${a.secret.slice(0, 19)}" + "${a.secret.slice(19)}");\n`,
        rule: 'aws-credential-pair',
        line: 1,
      },
      ...['/', '+'].map((first) => ({
        name: `s3a URI, URL-encoded secret starting with ${first}`,
        text: `input = "s3a://${a.id}:${encodeURIComponent(first + a.secret.slice(1))}@${'bucket'}/raw/"\n`,
        rule: 'aws-credential-pair' as const,
        line: 1,
      })),
      {
        name: 'made-up [A-Z0-9] id with a secret below, no labels',
        text: `new BasicAWSCredentials(\n    "${fake.prefix.long}${fake.random('0189', 2)}${fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 14)}",\n    "${a.secret}");\n`,
        rule: 'aws-credential-pair',
        line: 2,
      },
      {
        name: 'JSON one-liner',
        text: `{"accessKeyId":"${a.id}","secretAccessKey":"${a.secret.replace(/\//g, '\\/')}"}\n`,
        rule: 'aws-credential-pair',
        line: 1,
      },
    ];
  },
  negatives(fake) {
    const hex = fake.random('0123456789abcdef', 40);
    const p = fake.prefix.long;
    return [
      { name: 'id next to a git SHA', text: `commit ${hex}\nkey ${p}IOSFODNN7EXAMPLE\n` },
      {
        name: 'IAM unique id next to a random value',
        text: `UserId: AIDA${fake.keyId().slice(4)}\nEtag: ${fake.secret()}\n`,
      },
      {
        name: 'documentation pair',
        text: `aws_access_key_id = ${p}IOSFODNN7EXAMPLE\naws_secret_access_key = ${fake.secret().slice(0, 30)}EXAMPLEKEY\n`,
      },
    ];
  },
};
