// The rule catalog: everything keyguard knows about a kind of credential, one record per rule (id,
// words, keywords, prefixes, masking, remediation). The rest is derived from it: the
// `RuleId` type, the configuration's rule ids, the prefixes the scanners look for and the ones worth
// joining from concatenated literals, the masked key id pattern, SARIF's rule metadata, the words of
// the reports and which remediation a kind gets. Each rule's true- and false-positive examples stay
// next to its scanner (`rules/<id>.ts`), registered by id in `rules/index.ts`, whose type asks one
// set of examples per id of this catalog.
//
// Only data here, and no imports: every module of the detector and the reports may import it without
// a cycle. Prefixes are public facts (the documented start of a credential), never a credential.

/** A literal a credential starts with. */
export interface Prefix {
  readonly text: string;
  /** What a credential with this prefix is, in a few words. */
  readonly meaning: string;
  /**
   * Key ids: issued for a session (STS), so it expires; `false` for long-term keys.
   * Bedrock keys: a short-term key (a presigned request) rather than an IAM credential.
   */
  readonly temporary?: boolean;
  /** Key ids: `A3T` is followed by one more character (`A-Z0-9`) before the 16 of the id. */
  readonly plusOne?: boolean;
  /** Key ids: a generation issued before ids carried their account, so none is decoded. */
  readonly noAccount?: boolean;
  /** Seeing it makes the text around it "about AWS", which a generic label (`secret_key`) needs. */
  readonly marksAwsText?: boolean;
  /**
   * Session tokens: the binary header the prefix is the base64 of, completed: a version byte, then
   * protobuf field 1 (`0x0a`, its length, the name), then field 2, a varint (`0x10`). Its value is
   * often -1, ten bytes of which eight are `0xff`: the `//////////` run in the middle of real tokens.
   */
  readonly header?: { readonly version: number; readonly name: string };
}

/** A keyword that names a value, searched by the tail `word.slice(tailFrom)` (assignment.ts). */
export interface Keyword {
  readonly word: string;
  readonly tailFrom: number;
}

/** How the finding's value is shown: key ids keep prefix and last 4, everything else at most 4 + length. */
export type MaskStyle = 'key-id' | 'secret';

/** What revoking it takes, which decides the remediation the report gives. */
export type Remedy = 'access-key' | 'role-sessions' | 'bedrock-key';

export interface RuleRecord {
  readonly id: string;
  /** PascalCase name (SARIF `reportingDescriptor.name`). */
  readonly name: string;
  /** The kind in words, as the pretty report says it. */
  readonly kind: string;
  /** One line (SARIF `shortDescription`, the JSON report's `description`). */
  readonly title: string;
  /** SARIF `fullDescription`. */
  readonly description: string;
  /** Remediation in Markdown, for SARIF `help.markdown` (and its plain-text twin). */
  readonly help: string;
  /** GitHub code scanning severity: 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium. */
  readonly securitySeverity: string;
  /** Position in reports and in SARIF's rule list: most dangerous first. */
  readonly reportRank: number;
  /** Literals the value starts with, each evidence on its own. */
  readonly prefixes: readonly Prefix[];
  /** Words of the names that label the value (`aws_secret_access_key`, `AWS_SESSION_TOKEN`). */
  readonly keywords: readonly Keyword[];
  readonly mask: MaskStyle;
  /** What a finding of this rule may carry besides its own value. */
  readonly carries: {
    /** A key id, masked: its own value, or the id a secret was paired with (`pairedWith`). */
    readonly keyId: boolean;
    /** The account decoded from that key id. */
    readonly accountId: boolean;
    /** A second location: the secret of a pair, on its own line and columns. */
    readonly secretLine: boolean;
    /** Whether it is a long-term or a short-term credential, from the prefix it starts with (`temporary`). */
    readonly term: boolean;
  };
  readonly remedy: Remedy;
}

const DEACTIVATE_KEY = [
  '1. **Deactivate the key now**, then replace it:',
  '   `aws iam update-access-key --access-key-id <id> --status Inactive`,',
  '   `aws iam create-access-key`, then `aws iam delete-access-key --access-key-id <id>`.',
  '2. See whether it was used: `aws iam get-access-key-last-used --access-key-id <id>` and',
  '   `aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=<id>`.',
  '3. Remove it from the code, and from git history (it stays there until history is rewritten).',
  '4. For good: no long-lived keys. IAM roles for EC2, Lambda and ECS; IAM Identity Center',
  '   (`aws sso login`) for people; OIDC federation for CI.',
];

const FALSE_POSITIVE =
  'Not a credential? Add a `keyguard:allow` comment on the line, or record it with `keyguard baseline`.';

const RECORDS = [
  {
    id: 'aws-access-key-id',
    name: 'AwsAccessKeyId',
    kind: 'AWS access key ID',
    title: 'AWS access key ID',
    description:
      'An AWS access key ID. It is not the secret, but it names the key and its account, and its secret ' +
      'is rarely far away: check the rest of the change.',
    help: [
      'An AWS access key ID was committed. Alone it cannot sign requests, but its secret is usually nearby.',
      '',
      ...DEACTIVATE_KEY,
      '',
      FALSE_POSITIVE,
    ].join('\n'),
    securitySeverity: '6.5',
    reportRank: 5,
    // IAM unique ids (`AIDA`, `AROA`, `AGPA`, `ANPA`, `ANVA`, `AIPA`, `APKA`) name users and roles and
    // are not secrets: they are deliberately absent.
    prefixes: [
      { text: 'AKIA', meaning: 'long-term access key', temporary: false, marksAwsText: true },
      { text: 'ASIA', meaning: 'temporary access key (STS)', temporary: true, marksAwsText: true },
      { text: 'ABIA', meaning: 'STS service bearer token', temporary: true },
      { text: 'ACCA', meaning: 'context-specific credential', temporary: true },
      { text: 'A3T', meaning: 'legacy access key', temporary: false, plusOne: true, noAccount: true },
    ],
    keywords: [],
    mask: 'key-id',
    carries: { keyId: true, accountId: true, secretLine: false, term: false },
    remedy: 'access-key',
  },
  {
    id: 'aws-secret-access-key',
    name: 'AwsSecretAccessKey',
    kind: 'AWS secret access key',
    title: 'AWS secret access key',
    description:
      'The secret half of an AWS access key. With its key ID (often nearby, or guessable from the ' +
      "account's other files) it signs requests as the key's IAM user.",
    help: [
      'An AWS secret access key was committed: treat it as compromised. Find its access key ID (usually',
      'next to it, or in the IAM console under Users > Security credentials).',
      '',
      ...DEACTIVATE_KEY,
      '',
      FALSE_POSITIVE,
    ].join('\n'),
    securitySeverity: '9.0',
    reportRank: 2,
    prefixes: [],
    // `secret`, and fluentd's `aws_sec_key` (searched by the tail `ec_key`, whose first letter no other
    // keyword tail starts with).
    keywords: [
      { word: 'secret', tailFrom: 2 },
      { word: 'sec_key', tailFrom: 1 },
    ],
    mask: 'secret',
    carries: { keyId: true, accountId: false, secretLine: false, term: false },
    remedy: 'access-key',
  },
  {
    id: 'aws-session-token',
    name: 'AwsSessionToken',
    kind: 'AWS session token',
    title: 'AWS session token (temporary credentials)',
    description:
      'A session token from AWS STS. With its temporary key ID and secret it acts as the role or user ' +
      'that obtained it until it expires (up to 36 hours).',
    help: [
      'An AWS session token was committed. It expires on its own, but works until then.',
      '',
      "1. Revoke the role's active sessions: IAM console > Roles > the role > Revoke active sessions",
      '   (this attaches the `AWSRevokeOlderSessions` policy, denying tokens issued before now).',
      '2. Check CloudTrail for its use: `aws cloudtrail lookup-events --lookup-attributes',
      '   AttributeKey=AccessKeyId,AttributeValue=<temporary key id>`.',
      '3. Remove it from the code and from git history.',
      '4. Fetch temporary credentials at run time (`aws sso login`, assume-role, OIDC for CI) instead',
      '   of storing them.',
      '',
      FALSE_POSITIVE,
    ].join('\n'),
    securitySeverity: '8.0',
    reportRank: 3,
    // Several generations of STS tokens; each prefix is the base64 of the start of `header`.
    prefixes: [
      { text: 'IQoJb3JpZ2lu', meaning: 'STS session token', header: { version: 0x21, name: 'origin_ec' } },
      { text: 'AgoJb3JpZ2lu', meaning: 'STS session token', header: { version: 0x02, name: 'origin_ec' } },
      { text: 'FwoGZXIvYXdz', meaning: 'STS session token', header: { version: 0x17, name: 'er/aws' } },
      { text: 'FQoGZXIvYXdz', meaning: 'STS session token', header: { version: 0x15, name: 'er/aws' } },
      { text: 'AQoDYXdz', meaning: 'STS session token', header: { version: 0x01, name: 'aws' } },
    ],
    // `session` + `token` and `security` + `token` (`aws_session_token`, `SessionToken`,
    // `X-Amz-Security-Token`, `aws_security_token`).
    keywords: [
      { word: 'session', tailFrom: 2 },
      { word: 'security', tailFrom: 3 },
    ],
    mask: 'secret',
    carries: { keyId: false, accountId: false, secretLine: false, term: false },
    remedy: 'role-sessions',
  },
  {
    id: 'aws-bedrock-api-key',
    name: 'AwsBedrockApiKey',
    kind: 'Amazon Bedrock API key',
    title: 'Amazon Bedrock API key',
    description:
      'An Amazon Bedrock API key: long-term keys (`ABSK…`) are IAM service-specific credentials that ' +
      'work until deactivated; short-term keys (`bedrock-api-key-…`) work for up to 12 hours.',
    help: [
      'An Amazon Bedrock API key was committed: treat it as compromised.',
      '',
      '- Long-term key: find its credential id with',
      '  `aws iam list-service-specific-credentials --service-name bedrock.amazonaws.com`, then',
      '  `aws iam update-service-specific-credential --service-specific-credential-id <id> --status Inactive`',
      '  and `aws iam delete-service-specific-credential --service-specific-credential-id <id>`.',
      '- Short-term key: it expires within 12 hours; until then revoke the sessions of the identity that',
      '  made it, or attach a policy denying `bedrock:CallWithBearerToken`.',
      '- Keep keys in the `AWS_BEARER_TOKEN_BEDROCK` environment variable, never in the repository.',
      '',
      FALSE_POSITIVE,
    ].join('\n'),
    securitySeverity: '8.5',
    reportRank: 4,
    prefixes: [
      { text: 'ABSK', meaning: 'long-term Bedrock API key (base64 of `BedrockAPIKey-…`)', temporary: false },
      { text: 'bedrock-api-key-', meaning: 'short-term Bedrock API key (a presigned request)', temporary: true },
    ],
    keywords: [],
    mask: 'secret',
    carries: { keyId: false, accountId: false, secretLine: false, term: true },
    remedy: 'bedrock-key',
  },
  {
    id: 'aws-credential-pair',
    name: 'AwsCredentialPair',
    kind: 'AWS access key pair',
    title: 'AWS access key ID with its secret access key',
    description:
      'An AWS access key ID and the secret access key that belongs with it. Together they sign requests ' +
      'as the IAM user that owns them, with all of its permissions, until the key is deactivated.',
    help: [
      'A working AWS access key (key ID and secret) was committed. Anyone who can read the repository can',
      'use it: treat it as compromised.',
      '',
      ...DEACTIVATE_KEY,
      '',
      FALSE_POSITIVE,
    ].join('\n'),
    securitySeverity: '9.5',
    reportRank: 1,
    prefixes: [],
    keywords: [],
    mask: 'secret',
    carries: { keyId: true, accountId: true, secretLine: true, term: false },
    remedy: 'access-key',
  },
] as const satisfies readonly RuleRecord[];

/** Rule ids, one per credential kind. */
export type RuleId = (typeof RECORDS)[number]['id'];

/** The rules, in the catalog's order (the order the configuration and the documentation list them). */
export const CATALOG: ReadonlyArray<RuleRecord & { readonly id: RuleId }> = RECORDS;

export const RULE_IDS: readonly RuleId[] = CATALOG.map((r) => r.id);

export const RULE_BY_ID = Object.fromEntries(CATALOG.map((r) => [r.id, r])) as Readonly<
  Record<RuleId, RuleRecord & { readonly id: RuleId }>
>;

/** Rule ids in the order reports list them: most dangerous first. */
export const REPORT_ORDER: readonly RuleId[] = [...CATALOG]
  .sort((a, b) => a.reportRank - b.reportRank)
  .map((r) => r.id);

/** The prefixes of one rule. */
export function prefixesOf(id: RuleId): readonly Prefix[] {
  return RULE_BY_ID[id].prefixes;
}

/** The keywords of one rule. */
export function keywordsOf(id: RuleId): readonly Keyword[] {
  return RULE_BY_ID[id].keywords;
}

/** Every prefix of the catalog with its rule, for the derived tables and for tests. */
export const ALL_PREFIXES: ReadonlyArray<{ readonly rule: RuleId; readonly prefix: Prefix }> = CATALOG.flatMap((r) =>
  r.prefixes.map((prefix) => ({ rule: r.id, prefix })),
);

/** Every keyword of the catalog. */
export const ALL_KEYWORDS: readonly Keyword[] = CATALOG.flatMap((r) => r.keywords);

/** Every keyword of the catalog, in any letter case: a text without one has no labeled value. */
export const ANY_KEYWORD = new RegExp(
  ALL_KEYWORDS.map(({ word }) => word.replace(/[^a-z0-9]/g, (c) => `\\${c}`)).join('|'),
  'i',
);
