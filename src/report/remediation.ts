// "What to do now": built from what was found, never one fixed text. Pure: located findings in, lines
// out. Access key ids are only ever shown masked; the commands read the full id from the file itself
// (`grep -oE 'AKIA[A-Z0-9]{12}7Q2X' path`), so the report can be pasted anywhere without showing more
// than the IAM console does (docs/json-report.md, "What keyguard prints, and what it never prints").
import type { createColors } from 'picocolors';
import { RULE_BY_ID } from '../detect/catalog.js';
import type { MaskedKeyId } from '../detect/types.js';
import { ofCommits, type LocatedFinding, type ScanResult } from '../scan-result.js';
import { shellQuotePath } from '../shell-quote.js';
import { formatAccount, plural, printable, shortCommit, wrap } from './text.js';

type Colors = ReturnType<typeof createColors>;

/** Commands shown per repeated action before the rest are summarized. */
const MAX_REPEATS = 3;

interface KeyAt {
  key: MaskedKeyId;
  at: LocatedFinding;
}

/** Basenames of files that hold environment variables, which should never be tracked. */
export function isEnvFile(path: string): boolean {
  const base = path.split(/[\\/]/).pop() ?? path;
  return /^\.env(\..+)?$/i.test(base) || /\.env$/i.test(base);
}

/** Templates such as `.env.example` are meant to be committed, with placeholders. */
export function isTemplateFile(path: string): boolean {
  return /\.(example|sample|template|dist|tmpl)$/i.test(path);
}

/** Where the lines go: a step's number, its prose wrapped to the width, and commands to copy. */
interface Out {
  readonly c: Colors;
  readonly width: number;
  readonly lines: string[];
}

function prose(out: Out, text: string | readonly string[], first = '     '): void {
  out.lines.push(...wrap(text, out.width, first, '     '));
}

function cmd(out: Out, line: string | readonly string[]): void {
  for (const l of typeof line === 'string' ? [line] : line) out.lines.push(`       ${out.c.cyan(l)}`);
}

function step(out: Out, n: number, text: string | readonly string[]): void {
  prose(out, text, `  ${out.c.bold(`${n}.`)} `);
}

/** What was found, sorted by what revoking it takes. */
interface Found {
  /** Long-term access keys, each once (by masked id), with the first finding that names it. */
  longKeys: KeyAt[];
  /** Temporary access keys (STS), the same way. */
  tempKeys: KeyAt[];
  /** Secret access keys that name no key id. */
  loneSecrets: LocatedFinding[];
  sessionTokens: number;
  bedrockLong: number;
  bedrockShort: number;
  /** Accounts decoded from the key ids, as the console shows them. */
  accounts: Set<string>;
}

function sortFindings(findings: readonly LocatedFinding[]): Found {
  const found: Found = {
    longKeys: [],
    tempKeys: [],
    loneSecrets: [],
    sessionTokens: 0,
    bedrockLong: 0,
    bedrockShort: 0,
    accounts: new Set(),
  };
  const seen = new Set<string>();
  // Each account formatted once, in the order first seen (a file made of key ids names thousands).
  const accounts = new Set<string>();
  for (const lf of findings) {
    const f = lf.finding;
    if (f.accountId) accounts.add(f.accountId);
    const key = f.maskedKeyId;
    if (key) {
      if (seen.has(key.masked)) continue;
      seen.add(key.masked);
      (key.temporary ? found.tempKeys : found.longKeys).push({ key, at: lf });
      continue;
    }
    // What revoking it takes is the rule's (the catalog's `remedy`).
    const remedy = RULE_BY_ID[f.rule]?.remedy;
    if (remedy === 'access-key') {
      found.loneSecrets.push(lf);
    } else if (remedy === 'role-sessions') {
      found.sessionTokens++;
    } else if (remedy === 'bedrock-key') {
      if (f.term === 'short-term') found.bedrockShort++;
      else found.bedrockLong++;
    }
  }
  for (const account of accounts) found.accounts.add(formatAccount(account));
  return found;
}

/** "What to do now", `width` columns wide: four numbered steps, each a function below. */
export function remediation(result: ScanResult, c: Colors, width: number): string[] {
  const out: Out = { c, width, lines: [c.bold('What to do now')] };
  const found = sortFindings(result.findings);
  takeItOut(out, result);
  if (found.bedrockLong + found.bedrockShort > 0) {
    prose(out, 'Bedrock SDKs read their key from the AWS_BEARER_TOKEN_BEDROCK environment variable.');
  }
  keepEnvFilesOut(out, result);
  out.lines.push('');
  treatAsCompromised(out, result, found);
  out.lines.push('');
  fixForGood(out, found);
  out.lines.push('');
  notACredential(out, result);
  return out.lines;
}

const KEEP_IT_OUTSIDE =
  'keep the value outside the repository: an environment variable, ~/.aws/credentials ' +
  '(aws configure), AWS Secrets Manager or SSM Parameter Store.';

/** Step 1: out of the commit (or the text, the commits, the message), and where the value belongs instead. */
function takeItOut(out: Out, result: ScanResult): void {
  if (result.source === 'staged') outOfTheStagedChanges(out, result);
  else if (result.source === 'stdin')
    step(out, 1, `Take it out of that text before it is committed, shared or pasted anywhere; ${KEEP_IT_OUTSIDE}`);
  else if (result.source === 'commit-msg') outOfTheCommitMessage(out);
  else if (result.source === 'push') outOfTheCommitsToPush(out, result);
  else if (result.source === 'pre-receive') outOfTheRefusedCommits(out, result);
  else if (ofCommits(result)) outOfTheHistory(out, result);
  else step(out, 1, `Take it out of ${pathsOf(result).length === 1 ? 'the file' : 'the files'}; ${KEEP_IT_OUTSIDE}`);
}

function outOfTheStagedChanges(out: Out, result: ScanResult): void {
  const paths = pathsOf(result);
  step(out, 1, 'Take it out of this commit:');
  for (const path of paths.slice(0, MAX_REPEATS + 2))
    cmd(out, `git restore --staged -- ${shellQuotePath(topPathspec(path))}`);
  if (paths.length > MAX_REPEATS + 2) {
    prose(out, `… and the same for the other ${plural(paths.length - MAX_REPEATS - 2, 'file')} with findings.`);
  }
  prose(out, `(or edit the file and \`git add\` it again). ${capitalize(KEEP_IT_OUTSIDE)}`);
}

function outOfTheCommitMessage(out: Out): void {
  step(
    out,
    1,
    'Take it out of the commit message. The commit was not made; git kept your message, to edit and commit again:',
  );
  cmd(out, 'git commit -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)"');
  prose(out, `(add --amend if you were amending). ${capitalize(KEEP_IT_OUTSIDE)}`);
}

function outOfTheCommitsToPush(out: Out, result: ScanResult): void {
  // A revision (`origin/main`, `1a2b3c4d5e6f~`) or `--root`, from scanPush; `@{upstream}` only for a
  // result that does not say.
  const onto = result.rebaseOnto ?? '@{upstream}';
  step(
    out,
    1,
    `Take it out of the commits before pushing them: \`git rebase -i ${/^[\w./~@{}-]+$/.test(onto) ? onto : shellQuotePath(onto)}\`, mark the commits that ` +
      `added it as "edit", remove it from the file, \`git commit --amend\`, \`git rebase --continue\`; then push again. ${capitalize(KEEP_IT_OUTSIDE)}`,
  );
}

/** Read on the pusher's terminal: the commits are theirs, the server kept none of them. */
function outOfTheRefusedCommits(out: Out, result: ScanResult): void {
  const oldest = result.findings.at(-1)?.commit;
  const onto = oldest === undefined ? '<the commit before it>' : `${shortCommit(oldest)}~`;
  step(
    out,
    1,
    `The server refused the push: take it out of the commits on your machine and push again. \`git rebase -i ${onto}\` ` +
      '(the parent of the oldest commit that added it; `--root` if it has none), mark the commits that added it as "edit", ' +
      `remove it from the file, \`git commit --amend\`, \`git rebase --continue\`. ${capitalize(KEEP_IT_OUTSIDE)}`,
  );
}

function outOfTheHistory(out: Out, result: ScanResult): void {
  const commits = new Set(result.findings.map((f) => f.commit)).size;
  step(
    out,
    1,
    `It is in the history already (${plural(commits, 'commit')}): rotating it (step 2) is what makes it safe. ` +
      `Take it out of the files that still hold it, in a new commit; ${KEEP_IT_OUTSIDE}`,
  );
}

/** Step 1, continued: .env files go into .gitignore, templates get placeholders. */
function keepEnvFilesOut(out: Out, result: ScanResult): void {
  const paths = pathsOf(result);
  // A .env file of a history scan is named as HEAD has it: a later commit may have renamed it.
  const renamedTo = new Map(
    result.findings.flatMap((f) => (f.renamedTo === undefined ? [] : [[f.path, f.renamedTo] as const])),
  );
  const envFiles = [
    ...new Set(paths.filter((p) => isEnvFile(p) && !isTemplateFile(p)).map((p) => renamedTo.get(p) ?? p)),
  ];
  if (envFiles.length > 0) {
    const names = [...new Set(envFiles.map((p) => p.split(/[\\/]/).pop() ?? p))];
    const one = envFiles.length === 1;
    const which = one ? printable(envFiles[0]!) : `${printable(envFiles[0]!)} and the other .env files`;
    prose(
      out,
      `${which} ${one ? 'holds' : 'hold'} environment settings: keep ${one ? 'it' : 'them'} out of git for good:`,
    );
    // The work tree's own .gitignore, whichever directory the command is run from (the paths of a
    // repository's scan are relative to its top, not to where the user stands).
    const gitignore =
      result.source === 'staged' || ofCommits(result) ? `"$(git rev-parse --show-toplevel)/.gitignore"` : '.gitignore';
    for (const name of names.slice(0, MAX_REPEATS)) cmd(out, `echo ${shellQuotePath(name)} >> ${gitignore}`);
  }
  for (const path of paths.filter((p) => isTemplateFile(p)).slice(0, MAX_REPEATS)) {
    prose(out, `${printable(path)} is a template: put a placeholder there, not the value.`);
  }
}

/** Step 2: deactivate what may have leaked, with the commands filled in. */
function treatAsCompromised(out: Out, result: ScanResult, found: Found): void {
  step(
    out,
    2,
    'If it was ever pushed, shared or pasted anywhere, treat it as compromised: leaked keys are tried by bots within minutes.',
  );
  if (found.longKeys.length > 0 || found.loneSecrets.length > 0) deactivateAccessKeys(out, result, found);
  if (found.tempKeys.length > 0 || found.sessionTokens > 0) revokeSessions(out, result, found);
  if (found.bedrockLong > 0) deactivateLongTermBedrockKeys(out);
  if (found.bedrockShort > 0) {
    prose(
      out,
      'A short-term Bedrock API key expires within 12 hours and has the permissions of the identity ' +
        "that made it: revoke that identity's sessions, or attach a policy denying " +
        'bedrock:CallWithBearerToken.',
    );
  }
  if (found.accounts.size > 0) {
    prose(
      out,
      `Run these with credentials for ${found.accounts.size === 1 ? 'account' : 'accounts'} ${[...found.accounts].join(', ')}.`,
    );
  }
  prose(
    out,
    'Earlier commits keep a key until history is rewritten (git filter-repo), so rotating it is what makes it safe.',
  );
}

/** Long-term keys: the first one's commands in full, the others' key ids, then the secrets without one. */
function deactivateAccessKeys(out: Out, result: ScanResult, { longKeys, loneSecrets }: Found): void {
  const first = longKeys[0];
  if (first) {
    prose(
      out,
      `Deactivate key ${first.key.masked} now, then replace it (add --user-name NAME if it is not your own key). ` +
        `KEY_ID is its full ID, from ${locationOf(first.at)}:`,
    );
    cmd(out, keyIdCommand(first, out.width, result));
  } else {
    prose(
      out,
      `The secret at ${locationOf(loneSecrets[0]!)} does not name its key ID: find it next to the secret, ` +
        'or in the IAM console (Users > Security credentials). Deactivate that key now, then replace it:',
    );
    cmd(out, 'KEY_ID=<its access key ID>');
  }
  const deactivate = 'aws iam update-access-key --access-key-id "$KEY_ID" --status Inactive';
  cmd(
    out,
    deactivate.length + 7 <= out.width
      ? deactivate
      : ['aws iam update-access-key --status Inactive \\', '  --access-key-id "$KEY_ID"'],
  );
  cmd(out, 'aws iam create-access-key');
  cmd(out, 'aws iam delete-access-key --access-key-id "$KEY_ID"');
  prose(out, 'See whose key it is and where it was used:');
  cmd(out, 'aws iam get-access-key-last-used --access-key-id "$KEY_ID"');
  cmd(out, LOOKUP_EVENTS);
  theOtherKeys(out, result, longKeys.slice(1));
  if (first && loneSecrets.length > 0) secretsWithoutKeyId(out, loneSecrets);
}

/** The key ids after the first: the command that reads each one, up to a few. */
function theOtherKeys(out: Out, result: ScanResult, others: readonly KeyAt[]): void {
  if (others.length === 0) return;
  prose(out, `Then the same for ${others.length === 1 ? 'the other key' : `the other ${others.length} keys`}:`);
  for (const k of others.slice(0, MAX_REPEATS)) cmd(out, keyIdCommand(k, out.width, result));
  if (others.length > MAX_REPEATS)
    prose(out, `… and ${others.length - MAX_REPEATS} more (--format json lists every finding).`);
}

/** Secrets found apart from any key id, when a key id was found too. */
function secretsWithoutKeyId(out: Out, loneSecrets: readonly LocatedFinding[]): void {
  const where = loneSecrets.slice(0, 2).map(locationOf).join(', ') + (loneSecrets.length > 2 ? ', …' : '');
  const them = loneSecrets.length === 1 ? 'The secret at' : 'The secrets at';
  prose(
    out,
    `${them} ${where} ${loneSecrets.length === 1 ? 'has' : 'have'} no key ID next to ${loneSecrets.length === 1 ? 'it' : 'them'}: ` +
      'look the key up in the IAM console (Users > Security credentials) and run the same commands for it.',
  );
}

const LOOKUP_EVENTS = [
  'aws cloudtrail lookup-events --lookup-attributes \\',
  '  AttributeKey=AccessKeyId,AttributeValue="$KEY_ID"',
];

/** Temporary keys and session tokens expire, but work until then. */
function revokeSessions(out: Out, result: ScanResult, { tempKeys, sessionTokens, longKeys, loneSecrets }: Found): void {
  const ids = tempKeys.map((k) => k.key.masked);
  const what =
    tempKeys.length === 0
      ? 'Session tokens expire'
      : `Temporary keys (${ids.slice(0, 2).join(', ')}${ids.length > 2 ? ', …' : ''})${sessionTokens > 0 ? ' and session tokens' : ''} expire`;
  prose(
    out,
    `${what} on their own, but work until then: revoke the role's active sessions now (IAM console > ` +
      'Roles > the role > Revoke active sessions, which attaches the AWSRevokeOlderSessions policy).',
  );
  // With a long-term key above, its commands already show how to look a key up.
  const t = tempKeys[0];
  if (t && longKeys.length === 0 && loneSecrets.length === 0) {
    prose(out, `See what ${t.key.masked} did:`);
    cmd(out, keyIdCommand(t, out.width, result));
    cmd(out, LOOKUP_EVENTS);
  }
}

function deactivateLongTermBedrockKeys(out: Out): void {
  prose(
    out,
    'A long-term Bedrock API key is an IAM service-specific credential: find its credential ID, ' +
      'deactivate it, then delete it (add --user-name NAME for another user):',
  );
  cmd(out, [
    'aws iam list-service-specific-credentials \\',
    '  --service-name bedrock.amazonaws.com',
    'aws iam update-service-specific-credential --status Inactive \\',
    '  --service-specific-credential-id <id>',
    'aws iam delete-service-specific-credential \\',
    '  --service-specific-credential-id <id>',
  ]);
}

/** Step 3: the lasting fix. */
function fixForGood(out: Out, found: Found): void {
  const onlyTemporary = found.longKeys.length === 0 && found.loneSecrets.length === 0 && found.bedrockLong === 0;
  if (onlyTemporary) {
    step(
      out,
      3,
      'For good: fetch temporary credentials at run time (aws sso login, assume-role, OIDC for CI) instead of storing them.',
    );
    return;
  }
  step(
    out,
    3,
    'For good: no long-lived keys. IAM roles for EC2, Lambda and ECS; IAM Identity Center and ' +
      '`aws sso login` for people; OIDC federation for CI.' +
      (found.bedrockLong > 0 ? ' Prefer short-term Bedrock API keys.' : ''),
  );
}

/** Step 4: false positives, and the escape hatch said for what it is. */
function notACredential(out: Out, result: ScanResult): void {
  const text =
    result.source === 'pre-receive'
      ? 'Not a real credential? Amend the commit with a `keyguard:allow` comment on the line (or ' +
        "`keyguard:allow-next-line` above it) and push again, or ask the server's admin for an `allow` pattern."
      : ofCommits(result)
        ? 'Not a real credential? A commit cannot be changed to carry a `keyguard:allow` comment: add an `allow` ' +
          'pattern for it to .keyguard.json (see https://github.com/keyguard-dev/keyguard/blob/main/docs/suppression.md).'
        : 'Not a real credential? Add a `keyguard:allow` comment on the line (or `keyguard:allow-next-line` ' +
          'above it), or record it with `keyguard baseline`.' +
          (result.source === 'staged'
            ? ' Last resort only: `git commit --no-verify` skips this check and every other hook.'
            : '');
  step(out, 4, text);
}

/** The files with findings, each once, in order. */
function pathsOf(result: ScanResult): string[] {
  return [...new Set(result.findings.map((f) => f.path))];
}

/** The top of the work tree, for a command the user may run from any directory in it. */
const TOP = '"$(git rev-parse --show-toplevel)"';

/**
 * A path relative to the top of the work tree as a pathspec that means that file from any directory:
 * `:/path` (git's "top" magic), or `:(top,literal)path` when the path has characters a pathspec would
 * read as a pattern (https://git-scm.com/docs/gitglossary#Documentation/gitglossary.txt-aiddefpathspecapathspec).
 */
function topPathspec(path: string): string {
  return /[*?[\\]/.test(path) || path.startsWith(':') ? `:(top,literal)${path}` : `:/${path}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function locationOf(lf: LocatedFinding): string {
  if (lf.path === '-') return `standard input, line ${lf.finding.line}`;
  const inCommit = lf.commit === undefined ? '' : ` in commit ${shortCommit(lf.commit)}`;
  return `${printable(lf.path)}:${lf.finding.line}${inCommit}`;
}

/**
 * `KEY_ID=…` read from the file by the masked id's prefix and last 4 characters, so the full id is never
 * printed. Broken over more lines when the path makes it too long for the report's width.
 */
function keyIdCommand({ key, at }: KeyAt, width: number, result: ScanResult): string[] {
  // Room for the command after its 7-column indent.
  const room = width - 7;
  if (at.path === '-') return [`KEY_ID=${key.masked}   # replace with the full ID`];
  const grep = `grep -oE '${key.prefix}[A-Z0-9]{12}${key.last4}'`;
  if (at.commit !== undefined) {
    // The file as that commit had it (it may be gone from the work tree since).
    const show = `git show ${shellQuotePath(`${shortCommit(at.commit)}:${at.path}`)}`;
    return fitCommand([`KEY_ID=$(${show}`, `| ${grep}`, '| head -n1)'], room);
  }
  // A staged file's path is relative to the top of the work tree, and the user may stand anywhere in it
  // (the hook runs at the top, but the commit was made from wherever they were): grep reads it from the top.
  const path = result.source === 'staged' ? `${TOP}/${shellQuotePath(at.path)}` : shellQuotePath(at.path);
  return fitCommand([`KEY_ID=$(${grep}`, path, '| head -n1)'], room);
}

/** One shell command from its pieces, on as few lines of `room` columns as fit, continued with ` \`. */
function fitCommand(pieces: readonly string[], room: number): string[] {
  const lines: string[] = [];
  let line = '';
  pieces.forEach((piece, i) => {
    const last = i === pieces.length - 1;
    // A line that goes on needs room for its ` \`.
    if (line !== '' && `${line} ${piece}`.length + (last ? 0 : 2) > room) {
      lines.push(`${line} \\`);
      line = `  ${piece}`;
    } else {
      line = line === '' ? piece : `${line} ${piece}`;
    }
  });
  lines.push(line);
  return lines;
}
