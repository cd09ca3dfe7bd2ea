// aws-credential-pair: a key id and the secret that belongs to it, reported once. A secret seen only
// near a key id (no label) exists only as part of a pair. Pairing is greedy by distance: the closest
// line first, then a secret below its id before one above, then the closest offset, so two profiles of
// one credentials file pair profile by profile.
import type { Candidate } from '../scope.js';
import type { RuleExamples } from './examples.js';

/** Line distance within which a labeled secret pairs with a key id; unlabeled ones need to be closer. */
const LABELED_LINES = 6;
const UNLABELED_LINES = 3;
const MAX_CHARS = 2000;
const UNLABELED_CHARS = 1000;
/** Candidates considered on each side of an id, so pairing stays O(n log n) on pathological input. */
const NEIGHBOURS = 8;

/** A candidate with its line (1-based) and the offsets of that line. */
export interface Positioned {
  candidate: Candidate;
  /** Position among all the located candidates of the text. */
  index: number;
  line: number;
  lineStart: number;
  lineEnd: number;
}

export interface Pair {
  id: Positioned;
  secret: Positioned;
}

interface Edge {
  id: number;
  secret: number;
  /** Lower is better: line distance, then a secret above its id, then character distance. */
  score: number;
}

/** Pairs key ids with secrets. Inputs must be sorted by offset. */
export function pairCredentials(ids: readonly Positioned[], secrets: readonly Positioned[]): Pair[] {
  if (ids.length === 0 || secrets.length === 0) return [];
  const edges: Edge[] = [];
  let cursor = 0;
  for (let idIndex = 0; idIndex < ids.length; idIndex++) {
    const id = ids[idIndex] as Positioned;
    const at = id.candidate.start;
    while (cursor < secrets.length && (secrets[cursor] as Positioned).candidate.start < at) cursor++;
    const consider = (secretIndex: number): boolean => {
      const secret = secrets[secretIndex] as Positioned;
      const chars = Math.abs(secret.candidate.start - at);
      if (chars > MAX_CHARS) return false;
      const lines = secret.line - id.line;
      const labeled = secret.candidate.labeled;
      if (Math.abs(lines) <= (labeled ? LABELED_LINES : UNLABELED_LINES) && (labeled || chars <= UNLABELED_CHARS)) {
        edges.push({
          id: idIndex,
          secret: secretIndex,
          score: Math.abs(lines) * 8192 + (lines < 0 ? 4096 : 0) + chars,
        });
      }
      return true;
    };
    for (let k = cursor; k < Math.min(secrets.length, cursor + NEIGHBOURS); k++) if (!consider(k)) break;
    for (let k = cursor - 1; k >= Math.max(0, cursor - NEIGHBOURS); k--) if (!consider(k)) break;
  }
  edges.sort((a, b) => a.score - b.score || a.id - b.id);
  const usedIds = new Uint8Array(ids.length);
  const usedSecrets = new Uint8Array(secrets.length);
  const pairs: Pair[] = [];
  for (const edge of edges) {
    if (usedIds[edge.id] || usedSecrets[edge.secret]) continue;
    usedIds[edge.id] = 1;
    usedSecrets[edge.secret] = 1;
    pairs.push({ id: ids[edge.id] as Positioned, secret: secrets[edge.secret] as Positioned });
  }
  return pairs;
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
