// "What to do now": built from what was found, never one fixed text. Pure: located findings in, lines
// out. Access key ids are only ever shown masked; the commands read the full id from the file itself
// (`grep -oE 'AKIA[A-Z0-9]{12}7Q2X' path`), so the report can be pasted anywhere without showing more
// than the IAM console does (docs/json-report.md, "What keyguard prints, and what it never prints").
import type { createColors } from 'picocolors';
import { RULE_BY_ID } from '../detect/catalog.js';
import { ofCommits, type LocatedFinding, type ScanResult } from '../scan-result.js';
import { bedrockKeyTerm, keyIdOf, type MaskedKeyId } from './mask.js';
import { formatAccount, plural, printable, shellQuote, shortCommit, wrap } from './text.js';

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

export function remediation(result: ScanResult, c: Colors, width: number): string[] {
  const out: string[] = [];
  const prose = (text: string | readonly string[], first = '     ') => out.push(...wrap(text, width, first, '     '));
  const cmd = (line: string | readonly string[]) => {
    for (const l of typeof line === 'string' ? [line] : line) out.push(`       ${c.cyan(l)}`);
  };
  const step = (n: number, text: string | readonly string[]) => prose(text, `  ${c.bold(`${n}.`)} `);

  const findings = result.findings;
  const paths = [...new Set(findings.map((f) => f.path))];
  const staged = result.source === 'staged';
  const history = ofCommits(result);

  const longKeys: KeyAt[] = [];
  const tempKeys: KeyAt[] = [];
  const seen = new Set<string>();
  const loneSecrets: LocatedFinding[] = [];
  let sessionTokens = 0;
  let bedrockLong = 0;
  let bedrockShort = 0;
  const accounts = new Set<string>();
  for (const lf of findings) {
    const f = lf.finding;
    if (f.accountId) accounts.add(formatAccount(f.accountId));
    const key = keyIdOf(f);
    if (key) {
      if (seen.has(key.masked)) continue;
      seen.add(key.masked);
      (key.temporary ? tempKeys : longKeys).push({ key, at: lf });
      continue;
    }
    // What revoking it takes is the rule's (the catalog's `remedy`).
    const remedy = RULE_BY_ID[f.rule]?.remedy;
    if (remedy === 'access-key') {
      loneSecrets.push(lf);
    } else if (remedy === 'role-sessions') {
      sessionTokens++;
    } else if (remedy === 'bedrock-key') {
      if (bedrockKeyTerm(f) === 'short-term') bedrockShort++;
      else bedrockLong++;
    }
  }
  const onlyTemporary = longKeys.length === 0 && loneSecrets.length === 0 && bedrockLong === 0;

  out.push(c.bold('What to do now'));

  // 1. Out of the commit, and where the value belongs instead.
  const where =
    'keep the value outside the repository: an environment variable, ~/.aws/credentials ' +
    '(aws configure), AWS Secrets Manager or SSM Parameter Store.';
  if (staged) {
    step(1, 'Take it out of this commit:');
    for (const path of paths.slice(0, MAX_REPEATS + 2)) cmd(`git restore --staged -- ${shellQuote(topPathspec(path))}`);
    if (paths.length > MAX_REPEATS + 2) {
      prose(`… and the same for the other ${plural(paths.length - MAX_REPEATS - 2, 'file')} with findings.`);
    }
    prose(`(or edit the file and \`git add\` it again). ${capitalize(where)}`);
  } else if (result.source === 'stdin') {
    step(1, `Take it out of that text before it is committed, shared or pasted anywhere; ${where}`);
  } else if (result.source === 'commit-msg') {
    step(1, 'Take it out of the commit message. The commit was not made; git kept your message, to edit and commit again:');
    cmd('git commit -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)"');
    prose(`(add --amend if you were amending). ${capitalize(where)}`);
  } else if (result.source === 'push') {
    // A revision (`origin/main`, `1a2b3c4d5e6f~`) or `--root`, from scanPush; `@{upstream}` only for a
    // result that does not say.
    const onto = result.rebaseOnto ?? '@{upstream}';
    step(
      1,
      `Take it out of the commits before pushing them: \`git rebase -i ${/^[\w./~@{}-]+$/.test(onto) ? onto : shellQuote(onto)}\`, mark the commits that ` +
        `added it as "edit", remove it from the file, \`git commit --amend\`, \`git rebase --continue\`; then push again. ${capitalize(where)}`,
    );
  } else if (result.source === 'pre-receive') {
    // Read on the pusher's terminal: the commits are theirs, the server kept none of them.
    const oldest = findings.at(-1)?.commit;
    const onto = oldest === undefined ? '<the commit before it>' : `${shortCommit(oldest)}~`;
    step(
      1,
      `The server refused the push: take it out of the commits on your machine and push again. \`git rebase -i ${onto}\` ` +
        '(the parent of the oldest commit that added it; `--root` if it has none), mark the commits that added it as "edit", ' +
        `remove it from the file, \`git commit --amend\`, \`git rebase --continue\`. ${capitalize(where)}`,
    );
  } else if (history) {
    const commits = new Set(findings.map((f) => f.commit)).size;
    step(
      1,
      `It is in the history already (${plural(commits, 'commit')}): rotating it (step 2) is what makes it safe. ` +
        `Take it out of the files that still hold it, in a new commit; ${where}`,
    );
  } else {
    step(1, `Take it out of ${paths.length === 1 ? 'the file' : 'the files'}; ${where}`);
  }
  if (bedrockLong + bedrockShort > 0) {
    prose('Bedrock SDKs read their key from the AWS_BEARER_TOKEN_BEDROCK environment variable.');
  }
  // A .env file of a history scan is named as HEAD has it: a later commit may have renamed it.
  const renamedTo = new Map(findings.flatMap((f) => (f.renamedTo === undefined ? [] : [[f.path, f.renamedTo] as const])));
  const envFiles = [...new Set(paths.filter((p) => isEnvFile(p) && !isTemplateFile(p)).map((p) => renamedTo.get(p) ?? p))];
  const templates = paths.filter((p) => isTemplateFile(p));
  if (envFiles.length > 0) {
    const names = [...new Set(envFiles.map((p) => p.split(/[\\/]/).pop() ?? p))];
    const one = envFiles.length === 1;
    const which = one ? printable(envFiles[0]!) : `${printable(envFiles[0]!)} and the other .env files`;
    prose(`${which} ${one ? 'holds' : 'hold'} environment settings: keep ${one ? 'it' : 'them'} out of git for good:`);
    // The work tree's own .gitignore, whichever directory the command is run from (the paths of a
    // repository's scan are relative to its top, not to where the user stands).
    const gitignore = staged || history ? `"$(git rev-parse --show-toplevel)/.gitignore"` : '.gitignore';
    for (const name of names.slice(0, MAX_REPEATS)) cmd(`echo ${shellQuote(name)} >> ${gitignore}`);
  }
  for (const path of templates.slice(0, MAX_REPEATS)) {
    prose(`${printable(path)} is a template: put a placeholder there, not the value.`);
  }

  // 2. Deactivate what may have leaked, with the commands filled in.
  out.push('');
  step(
    2,
    'If it was ever pushed, shared or pasted anywhere, treat it as compromised: leaked keys are tried by bots within minutes.',
  );
  if (longKeys.length > 0 || loneSecrets.length > 0) {
    const first = longKeys[0];
    if (first) {
      prose(
        `Deactivate key ${first.key.masked} now, then replace it (add --user-name NAME if it is not your own key). ` +
          `KEY_ID is its full ID, from ${locationOf(first.at)}:`,
      );
      cmd(keyIdCommand(first, width, result));
    } else {
      prose(
        `The secret at ${locationOf(loneSecrets[0]!)} does not name its key ID: find it next to the secret, ` +
          'or in the IAM console (Users > Security credentials). Deactivate that key now, then replace it:',
      );
      cmd('KEY_ID=<its access key ID>');
    }
    const deactivate = 'aws iam update-access-key --access-key-id "$KEY_ID" --status Inactive';
    cmd(deactivate.length + 7 <= width ? deactivate : ['aws iam update-access-key --status Inactive \\', '  --access-key-id "$KEY_ID"']);
    cmd('aws iam create-access-key');
    cmd('aws iam delete-access-key --access-key-id "$KEY_ID"');
    prose('See whose key it is and where it was used:');
    cmd('aws iam get-access-key-last-used --access-key-id "$KEY_ID"');
    cmd('aws cloudtrail lookup-events --lookup-attributes \\');
    cmd('  AttributeKey=AccessKeyId,AttributeValue="$KEY_ID"');
    const others = longKeys.slice(1);
    if (others.length > 0) {
      prose(`Then the same for ${others.length === 1 ? 'the other key' : `the other ${others.length} keys`}:`);
      for (const k of others.slice(0, MAX_REPEATS)) cmd(keyIdCommand(k, width, result));
      if (others.length > MAX_REPEATS) prose(`… and ${others.length - MAX_REPEATS} more (--format json lists every finding).`);
    }
    if (first && loneSecrets.length > 0) {
      const where = loneSecrets.slice(0, 2).map(locationOf).join(', ') + (loneSecrets.length > 2 ? ', …' : '');
      const them = loneSecrets.length === 1 ? 'The secret at' : 'The secrets at';
      prose(
        `${them} ${where} ${loneSecrets.length === 1 ? 'has' : 'have'} no key ID next to ${loneSecrets.length === 1 ? 'it' : 'them'}: ` +
          'look the key up in the IAM console (Users > Security credentials) and run the same commands for it.',
      );
    }
  }
  if (tempKeys.length > 0 || sessionTokens > 0) {
    const ids = tempKeys.map((k) => k.key.masked);
    const what =
      tempKeys.length === 0
        ? 'Session tokens expire'
        : `Temporary keys (${ids.slice(0, 2).join(', ')}${ids.length > 2 ? ', …' : ''})${sessionTokens > 0 ? ' and session tokens' : ''} expire`;
    prose(
      `${what} on their own, but work until then: revoke the role's active sessions now (IAM console > ` +
        'Roles > the role > Revoke active sessions, which attaches the AWSRevokeOlderSessions policy).',
    );
    const t = tempKeys[0];
    if (t && longKeys.length === 0 && loneSecrets.length === 0) {
      prose(`See what ${t.key.masked} did:`);
      cmd(keyIdCommand(t, width, result));
      cmd('aws cloudtrail lookup-events --lookup-attributes \\');
      cmd('  AttributeKey=AccessKeyId,AttributeValue="$KEY_ID"');
    }
  }
  if (bedrockLong > 0) {
    prose(
      'A long-term Bedrock API key is an IAM service-specific credential: find its credential ID, ' +
        'deactivate it, then delete it (add --user-name NAME for another user):',
    );
    cmd('aws iam list-service-specific-credentials \\');
    cmd('  --service-name bedrock.amazonaws.com');
    cmd('aws iam update-service-specific-credential --status Inactive \\');
    cmd('  --service-specific-credential-id <id>');
    cmd('aws iam delete-service-specific-credential \\');
    cmd('  --service-specific-credential-id <id>');
  }
  if (bedrockShort > 0) {
    prose(
      'A short-term Bedrock API key expires within 12 hours and has the permissions of the identity ' +
        'that made it: revoke that identity\'s sessions, or attach a policy denying ' +
        'bedrock:CallWithBearerToken.',
    );
  }
  if (accounts.size > 0) {
    prose(`Run these with credentials for ${accounts.size === 1 ? 'account' : 'accounts'} ${[...accounts].join(', ')}.`);
  }
  prose(
    'Earlier commits keep a key until history is rewritten (git filter-repo), so rotating it is what makes it safe.',
  );

  // 3. The lasting fix.
  out.push('');
  if (onlyTemporary) {
    step(3, 'For good: fetch temporary credentials at run time (aws sso login, assume-role, OIDC for CI) instead of storing them.');
  } else {
    step(
      3,
      'For good: no long-lived keys. IAM roles for EC2, Lambda and ECS; IAM Identity Center and ' +
        '`aws sso login` for people; OIDC federation for CI.' +
        (bedrockLong > 0 ? ' Prefer short-term Bedrock API keys.' : ''),
    );
  }

  // 4. False positives, and the escape hatch said for what it is.
  out.push('');
  const notReal =
    result.source === 'pre-receive'
      ? 'Not a real credential? Amend the commit with a `keyguard:allow` comment on the line (or ' +
        '`keyguard:allow-next-line` above it) and push again, or ask the server\'s admin for an `allow` pattern.'
      : history
        ? 'Not a real credential? A commit cannot be changed to carry a `keyguard:allow` comment: add an `allow` ' +
          'pattern for it to .keyguard.json (see https://github.com/keyguard-dev/keyguard/blob/main/docs/suppression.md).'
        : 'Not a real credential? Add a `keyguard:allow` comment on the line (or `keyguard:allow-next-line` ' +
          'above it), or record it with `keyguard baseline`.' +
          (staged ? ' Last resort only: `git commit --no-verify` skips this check and every other hook.' : '');
  step(4, notReal);
  return out;
}

/** The top of the work tree, for a command the user may run from any directory in it. */
const TOP = '"$(git rev-parse --show-toplevel)"';

/**
 * A path relative to the top of the work tree as a pathspec that means that file from any directory:
 * `:/path` (git's "top" magic), or `:(top,literal)path` when the path has characters a pathspec would
 * read as a pattern (https://git-scm.com/docs/gitglossary#Documentation/gitglossary.txt-aiddefpathspecapathspec).
 */
export function topPathspec(path: string): string {
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
    const show = `git show ${shellQuote(`${shortCommit(at.commit)}:${at.path}`)}`;
    return fitCommand([`KEY_ID=$(${show}`, `| ${grep}`, '| head -n1)'], room);
  }
  // A staged file's path is relative to the top of the work tree, and the user may stand anywhere in it
  // (the hook runs at the top, but the commit was made from wherever they were): grep reads it from the top.
  const path = result.source === 'staged' ? `${TOP}/${shellQuote(at.path)}` : shellQuote(at.path);
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