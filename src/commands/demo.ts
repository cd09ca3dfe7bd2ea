// `keyguard demo`: shows what a blocked commit looks like, in a throw-away repository in the temp
// directory, with git isolated from the user's configuration. Nothing outside that directory changes.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { devNull, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { BASE32_ALPHABET } from '../detect/char-class.js';
import { helpResult, type CliIo, type CliResult } from '../cli-io.js';
import { runGit, type GitContext } from '../git/exec.js';
import { installHooks, KEYGUARD_ROOT } from '../install/hooks.js';
import { demoMessages as m } from '../messages.js';
import { noArguments, parse } from './args.js';
import { describeInstall } from './install.js';

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A fake key pair made now from random bytes: no credential-shaped literal exists in keyguard's source. */
export function generateFakePair(): { id: string; secret: string } {
  const pick = (alphabet: string, length: number) =>
    [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
  const prefix = ['AK', 'IA'].join('');
  let secret = pick(SECRET_ALPHABET, 40);
  while (!/[a-z]/.test(secret) || !/[A-Z]/.test(secret) || !/[0-9]/.test(secret)) secret = pick(SECRET_ALPHABET, 40);
  return { id: prefix + pick(BASE32_ALPHABET, 16), secret };
}

/** git with no global or system configuration, a fixed identity, and this node first on PATH for the hook. */
export function demoEnv(env: NodeJS.ProcessEnv, color: boolean): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(env).filter(([key]) => !key.startsWith('GIT_') && key !== 'KEYGUARD'),
  );
  delete clean.NO_COLOR;
  delete clean.FORCE_COLOR;
  return {
    ...clean,
    PATH: [dirname(process.execPath), env.PATH ?? ''].filter(Boolean).join(delimiter),
    GIT_CONFIG_GLOBAL: devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'keyguard demo',
    GIT_AUTHOR_EMAIL: 'demo@keyguard.invalid',
    GIT_COMMITTER_NAME: 'keyguard demo',
    GIT_COMMITTER_EMAIL: 'demo@keyguard.invalid',
    // A passing hook is silent; the demo shows that its clean commit was checked too.
    KEYGUARD_VERBOSE: '1',
    ...(color ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' }),
  };
}

export const help = `Usage: keyguard demo

Shows a commit blocked: makes a throw-away repository in the temporary
directory, installs keyguard's hook there, commits a README (it goes through)
and then a fake AWS key pair generated on the spot (it is blocked), and removes
the repository. Changes nothing in the current directory.

Options:
  -h, --help             show this help
`;

export async function run(args: readonly string[], io: CliIo): Promise<CliResult> {
  const { values, positionals } = parse('demo', args, {});
  if (values.help) return helpResult(help);
  noArguments('demo', positionals);
  return demo(io);
}

async function demo(io: CliIo): Promise<CliResult> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyguard-demo-')));
  const git: GitContext = { cwd: dir, env: demoEnv(io.env, io.color) };
  const out: string[] = [];
  const fail = (line: string): CliResult => ({
    exitCode: 2,
    stdout: out.join('\n') + (out.length ? '\n' : ''),
    stderr: `${line}\n`,
  });
  try {
    const init = await runGit(['init', '-q', '--initial-branch=main'], git, { okExitCodes: 'any' });
    if (init.exitCode !== 0) return fail(m.gitFailed('git init', init.stderr));
    const installed = await installHooks({ ...git, bin: join(KEYGUARD_ROOT, 'bin', 'keyguard.cjs') });
    if (installed.kind !== 'hooks') {
      const said = describeInstall(installed, git.env);
      return fail((said.stderr || said.stdout).trim() || m.notInstalled);
    }
    out.push(m.intro(dir), '');

    await writeFile(join(dir, 'README.md'), '# demo\n\nA repository that keyguard protects.\n');
    const clean = await commit(git, ['README.md'], 'Add a README');
    out.push(m.cleanStep, indent(`$ git commit -m "Add a README"\n${clean.output}`), '');
    if (clean.status !== 0) return fail(m.cleanBlocked(clean.status));

    const pair = generateFakePair();
    await mkdir(join(dir, 'config'));
    await writeFile(
      join(dir, 'config', 'credentials'),
      ['[default]', `aws_access_key_id = ${pair.id}`, `aws_secret_access_key = ${pair.secret}`, ''].join('\n'),
    );
    const blocked = await commit(git, ['config/credentials'], 'Add deployment credentials');
    out.push(m.keyStep, indent(`$ git commit -m "Add deployment credentials"\n${blocked.output}`), '');
    if (blocked.status !== 1) return fail(m.notBlocked(blocked.status));
    out.push(m.blocked, m.next);
    return { exitCode: 0, stdout: `${out.join('\n')}\n`, stderr: '' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function commit(git: GitContext, paths: string[], message: string): Promise<{ status: number; output: string }> {
  const add = await runGit(['add', '--', ...paths], git, { okExitCodes: 'any' });
  if (add.exitCode !== 0) return { status: add.exitCode, output: add.stderr };
  const result = await runGit(['commit', '-m', message], git, { okExitCodes: 'any' });
  return { status: result.exitCode, output: `${result.stdout.toString('utf8')}${result.stderr}`.replace(/\n+$/, '') };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : `    ${line}`))
    .join('\n');
}
