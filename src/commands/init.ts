// `keyguard init`: team-wide setup. Adds `keyguard install` to package.json's prepare script (npm runs it
// on every `npm install`), then installs the hook here too.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { helpResult, type CliIo, type CliResult } from '../cli-io.js';
import { readRepositoryFile } from '../config/read-file.js';
import { installHooks } from '../install/hooks.js';
import type { HookName } from '../install/hook-script.js';
import { PREPARE_COMMAND, addPrepareScript } from '../install/package-json.js';
import { UnsafePathError, ensureWritable } from '../install/safe-path.js';
import { writeFileAtomic } from '../install/write-atomic.js';
import { notices } from '../errors.js';
import { installMessages as m } from '../messages.js';
import { noArguments, parse, parseHooks } from './args.js';
import { describeInstall } from './install.js';

export const help = `Usage: keyguard init [--hook <name>]...

Team-wide setup: adds \`keyguard install\` to package.json's prepare script, so
that every npm install sets up the hooks, then installs them here.

Options:
  --hook <name>          which hooks, as for install (pre-commit,
                         pre-merge-commit, pre-push, commit-msg, all); also
                         written into prepare
  -h, --help             show this help
`;

export async function run(args: readonly string[], io: CliIo): Promise<CliResult> {
  const { values, positionals } = parse('init', args, { hook: { type: 'string', multiple: true } });
  if (values.help) return helpResult(help);
  noArguments('init', positionals);
  const hooks = await parseHooks(values.hook);
  return init(io, hooks ? { hooks, asked: values.hook ?? [] } : {});
}

async function init(
  io: CliIo,
  options: { hooks?: readonly HookName[]; asked?: readonly string[] },
): Promise<CliResult> {
  const file = join(io.cwd, 'package.json');
  const fail = (line: string): CliResult => ({ exitCode: 2, stdout: '', stderr: notices([line]) });
  try {
    // A package.json that links elsewhere is never read and rewritten: its target's content would be
    // copied into the repository.
    await ensureWritable(io.cwd, file);
  } catch (error) {
    if (error instanceof UnsafePathError) return fail(m.unsafePath('package.json', 'package.json', error.reason));
    throw error;
  }
  // Read as keyguard reads a configuration: never a FIFO.
  const read = await readRepositoryFile(io.cwd, 'package.json');
  if (read.kind === 'missing') return fail(m.noPackageJson(io.cwd));
  if (read.kind === 'refused') return fail(m.badPackageJson('package.json', `it ${read.reason}`));
  // `init --hook all` puts the same choice into prepare, so that every teammate gets those hooks.
  const command =
    options.asked && options.asked.length > 0
      ? `${PREPARE_COMMAND} ${options.asked.map((h) => `--hook ${h}`).join(' ')}`
      : PREPARE_COMMAND;
  const edit = addPrepareScript(read.text, command);
  if (edit.kind === 'invalid') return fail(m.badPackageJson('package.json', edit.reason));
  if (edit.kind === 'changed') {
    try {
      await writeFileAtomic(file, edit.text, (await stat(file)).mode & 0o7777);
    } catch (error) {
      return fail(
        m.badPackageJson('package.json', `it cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`),
      );
    }
  }
  const line = edit.kind === 'changed' ? m.prepareAdded(edit.prepare) : m.prepareUnchanged(edit.prepare);
  const install = describeInstall(
    await installHooks({ cwd: io.cwd, env: io.env, ...(options.hooks ? { hooks: options.hooks } : {}) }),
    io.env,
  );
  return { ...install, stdout: `${notices([line])}${install.stdout}` };
}
