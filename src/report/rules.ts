// What each rule means, in words: shared by the pretty report (kind names) and SARIF (rule metadata).
import type { RuleId } from '../detect/types.js';

export interface RuleInfo {
  id: RuleId;
  /** PascalCase name (SARIF `reportingDescriptor.name`). */
  name: string;
  /** The kind in words, as the pretty report says it. */
  kind: string;
  short: string;
  full: string;
  /** Remediation in Markdown, for SARIF `help.markdown` (and its plain-text twin). */
  help: string;
  /** GitHub code scanning severity: 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium. */
  securitySeverity: string;
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

export const RULES: Record<RuleId, RuleInfo> = {
  'aws-credential-pair': {
    id: 'aws-credential-pair',
    name: 'AwsCredentialPair',
    kind: 'AWS access key pair',
    short: 'AWS access key ID with its secret access key',
    full:
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
  },
  'aws-secret-access-key': {
    id: 'aws-secret-access-key',
    name: 'AwsSecretAccessKey',
    kind: 'AWS secret access key',
    short: 'AWS secret access key',
    full:
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
  },
  'aws-session-token': {
    id: 'aws-session-token',
    name: 'AwsSessionToken',
    kind: 'AWS session token',
    short: 'AWS session token (temporary credentials)',
    full:
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
  },
  'aws-bedrock-api-key': {
    id: 'aws-bedrock-api-key',
    name: 'AwsBedrockApiKey',
    kind: 'Amazon Bedrock API key',
    short: 'Amazon Bedrock API key',
    full:
      'An Amazon Bedrock API key: long-term keys (`ABSK…`) are IAM service-specific credentials that ' +
      'work until deactivated; short-term keys (`bedrock-api-key-…`) work for up to 12 hours.',
    help: [
      'An Amazon Bedrock API key was committed: treat it as compromised.',
      '',
      '- Long-term key: find its credential id with',
      '  `aws iam list-service-specific-credentials --service-name bedrock.amazonaws.com`, then',
      '  `aws iam update-service-specific-credential --service-specific-credential-id <id> --status Inactive`',
      '  and `aws iam delete-service-specific-credential --service-specific-credential-id <id>`.',
      "- Short-term key: it expires within 12 hours; until then revoke the sessions of the identity that",
      '  made it, or attach a policy denying `bedrock:CallWithBearerToken`.',
      '- Keep keys in the `AWS_BEARER_TOKEN_BEDROCK` environment variable, never in the repository.',
      '',
      FALSE_POSITIVE,
    ].join('\n'),
    securitySeverity: '8.5',
  },
  'aws-access-key-id': {
    id: 'aws-access-key-id',
    name: 'AwsAccessKeyId',
    kind: 'AWS access key ID',
    short: 'AWS access key ID',
    full:
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
  },
};

/** Rules in the order reports list them: most dangerous first. */
export const RULE_ORDER: readonly RuleId[] = [
  'aws-credential-pair',
  'aws-secret-access-key',
  'aws-session-token',
  'aws-bedrock-api-key',
  'aws-access-key-id',
];
