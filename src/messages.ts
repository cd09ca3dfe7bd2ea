// The lines of the command layer: argument errors and what scan, baseline, install, uninstall, init,
// demo, doctor and the hook command say. Not every user-facing line: a room that finds a failure words it
// next to the code that finds it (git/errors.ts's gitMessages, config/'s ConfigErrors, output.ts's write
// failures), each command's --help text lives in its own module (src/commands/), and the reports' words in
// src/report/. No line here starts with `keyguard: `: src/errors.ts adds it where a line is printed (demo's
// and doctor's own titles excepted).
import type { UnsafeReason } from './install/safe-path.js';

/** Why a file cannot be read, in words, by the error code the system gave. */
const READ_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of its path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'input/output error (a failing disk?)',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
};

export const messages = {
  unknownCommand: (name: string) => `unknown command "${name}". Run \`keyguard --help\` for the list.`,
  /** The hint after an argument error. */
  seeHelp: (command: string) => `See \`keyguard ${command} --help\`.`,
  badFormat: (value: string, allowed: readonly string[]) =>
    `--format must be one of ${allowed.join(', ')}, not "${value}".`,
  scanWhat:
    'nothing to scan. Give paths, --staged, --stdin, --history, --pre-push, --pre-receive or --commit-msg (see `keyguard --help`).',
  scanConflict: 'give only one of paths, --staged, --stdin, --history, --pre-push, --pre-receive and --commit-msg.',
  outputEmpty: '--output needs a file name.',
  /** A path given to scan (or git's commit message file) that cannot be read. */
  cannotRead: (what: string, code: string | undefined) =>
    `cannot read ${what}: ${READ_REASONS[code ?? ''] ?? code ?? 'error'}`,
  unknownOption: (command: string, option: string, closest: string | undefined) =>
    `${command} has no option ${option}${closest === undefined ? '.' : `; did you mean ${closest}?`}`,
  missingValue: (option: string, value: string) => `${option} needs a value (${option} ${value}).`,
  unwantedValue: (option: string, value: string) => `${option} takes no value, but got "${value}".`,
  noArguments: (command: string, argument: string) =>
    `${command} takes no arguments, but got "${argument}" (see \`keyguard --help\`).`,
  historyProgress: (done: number, total: number) =>
    `scanning history: ${done} of ${total} commit${total === 1 ? '' : 's'}`,
  reportWritten: (format: string, file: string, { credentials, places }: { credentials: number; places: number }) =>
    `${credentials === 0 ? 'no AWS credentials found' : `${credentials} AWS credential${credentials === 1 ? '' : 's'} found${credentials === places ? '' : ` in ${places} places`}`}; ${format} report written to ${file}`,
  baselineWritten: (file: string, total: number, added: number, removed: number) =>
    `${file}: ${total} entr${total === 1 ? 'y' : 'ies'} (${added} added, ${removed} removed). Commit it with your change.`,
  unexpected: (message: string) => `${message} (set KEYGUARD_DEBUG=1 for details)`,
};

/** Lines of install, uninstall, init, demo and the hook command. Paths come in already made readable. */
export const installMessages = {
  disabled: 'KEYGUARD=0 is set, so no hook was installed.',
  notARepository: (done: 'installed' | 'removed') =>
    `not inside a git repository, so no hook was ${done} (expected in a Docker build or a package install).`,
  noWorkTree: (done: 'installed' | 'removed') =>
    `not inside a git work tree (a bare repository or a .git directory), so no hook was ${done}.`,
  noGit: (done: 'installed' | 'removed') => `git is not installed or not on PATH, so no hook was ${done}.`,
  installed: (hooks: readonly string[], dir: string) =>
    `installed the ${listOf(hooks)} hook${hooks.length === 1 ? '' : 's'} in ${dir}: ${guarded(hooks)} that add AWS credentials are now blocked.`,
  unchanged: (dir: string) => `the hooks in ${dir} are already installed; nothing changed.`,
  chained: (name: string, chained: string) =>
    `kept your ${name} hook as ${chained}; keyguard's hook runs it first, and its failure still blocks.`,
  huskyAdded: (file: string, line: string) => `added \`${line}\` to ${file}, which husky runs ${huskyWhen(file)}.`,
  huskyCreated: (file: string, line: string) => `created ${file} with \`${line}\`; husky runs it ${huskyWhen(file)}.`,
  huskyUnchanged: (file: string) => `${file} already runs keyguard; nothing changed.`,
  inTheWay: (file: string, chained: string) =>
    `${file} is not keyguard's and ${chained} already exists; move one of them away, then run keyguard install again.`,
  cannotWrite: (path: string, code: string) =>
    `cannot write ${path} (${code}); ${
      code === 'ENOSPC' || code === 'EDQUOT'
        ? 'the disk is full: free some space'
        : code === 'EROFS'
          ? 'the file system is read-only: make it writable'
          : 'make the hooks directory writable'
    }, then run keyguard install again.`,
  cannotRemove: (path: string, code: string) => `cannot change ${path} (${code}); nothing else was changed.`,
  sharedHooksDir: (dir: string, setting: string, localDir: string, uninstall: boolean) =>
    uninstall
      ? `git runs this repository's hooks from ${dir} (${setting}), which other repositories share; keyguard changed nothing there. To remove keyguard's hooks for all of them: \`keyguard uninstall --global\`.`
      : `git runs this repository's hooks from ${dir} (${setting}), which other repositories share, so keyguard wrote nothing there. To protect every repository that uses it: \`keyguard install --global\`. To protect only this one: \`git config core.hooksPath ${localDir}\`, then \`keyguard install\`.`,
  hooksPathFrom: (scope: string | undefined, origin: string | undefined) =>
    scope === undefined ? 'core.hooksPath' : `core.hooksPath in the ${scope} git config${origin ? `, ${origin}` : ''}`,
  notShared: (dir: string, command: string) =>
    `--global is for a hooks directory that repositories share (a global core.hooksPath), but this repository's hooks are its own, in ${dir}; run \`keyguard ${command}\` without --global.`,
  installedShared: (hooks: readonly string[], dir: string, bin: string) =>
    `installed the ${listOf(hooks)} hook${hooks.length === 1 ? '' : 's'} in ${dir}, which git uses for every repository with this core.hooksPath; they run ${bin}.`,
  unsafePath: (target: string, part: string, reason: UnsafeReason) =>
    `cannot write ${target}: ${
      {
        symlink: `${part} is a symlink, and keyguard writes nothing through one (it could lead outside this repository)`,
        'not-a-directory': `${part} is not a directory`,
        'not-a-file': `${part} is not a regular file`,
        'git-dir': 'it is inside .git, where keyguard writes only its own hooks',
        outside: 'it is outside this repository',
      }[reason]
    }; nothing was changed.`,
  removed: (hooks: string, dir: string) => `removed the ${hooks} hooks from ${dir}.`,
  restored: (name: string) => `put back your own ${name} hook.`,
  notOurs: (name: string) => `left ${name} alone: it is not keyguard's hook.`,
  nothingToRemove: (dir: string) => `no keyguard hook in ${dir}; nothing changed.`,
  removedEmptyDir: (dir: string) => `removed ${dir}, which had no other hook left.`,
  prepareRemoved: (prepare: string | undefined) =>
    `took \`keyguard install\` out of package.json's prepare script (${prepare === undefined ? 'nothing else was in it, so it is gone' : `now "${prepare}"`}); commit package.json, or the next npm install puts the hooks back.`,
  prepareKept: (reason: string) =>
    `package.json's prepare script still runs keyguard install (${reason}): the next npm install puts the hooks back; edit it by hand.`,
  huskyRemoved: (file: string) => `removed keyguard's line from ${file}.`,
  huskyDeleted: (file: string) => `removed ${file}, which only ran keyguard.`,
  huskyNothing: (file: string) => `${file} has no line added by keyguard; nothing changed.`,
  badHook: (value: string) =>
    `--hook takes pre-commit, pre-merge-commit, pre-push, commit-msg or all, not "${value}" (see \`keyguard --help\`).`,
  noPackageJson: (dir: string) =>
    `no package.json in ${dir}; run keyguard init in your package's directory (or run keyguard install).`,
  badPackageJson: (file: string, reason: string) => `cannot update ${file}: ${reason}.`,
  prepareAdded: (prepare: string) =>
    `package.json's prepare script is now "${prepare}": every npm install sets up the hook.`,
  prepareUnchanged: (prepare: string) => `package.json's prepare script already runs keyguard install ("${prepare}").`,
  hookSkipped: (name: string) => `KEYGUARD=0 is set, so the ${name} check is skipped.`,
  unknownHook: (name: string | undefined) =>
    `hook needs one of pre-commit, pre-merge-commit, pre-push, commit-msg, pre-receive${name === undefined ? '' : `, not "${name}"`}.`,
  hookFailed: (reason: string, hook = 'pre-commit') =>
    hook === 'pre-receive'
      ? `cannot check this push, so the server rejected it: ${reason}; in an emergency the server's admin can let pushes through with KEYGUARD=0 in the hook's environment.`
      : hook === 'pre-push'
        ? `cannot check this push: ${reason}; fix that, or bypass once with \`git push --no-verify\` (or KEYGUARD=0).`
        : `cannot check this commit: ${reason}; fix that, or bypass once with \`git commit --no-verify\` (or KEYGUARD=0).`,
};

/** `a`, `a and b`, `a, b and c`. */
export function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What the hooks stop, in words: commits, pushes, commit messages. */
function guarded(hooks: readonly string[]): string {
  const what = [
    ...(hooks.some((h) => h === 'pre-commit' || h === 'pre-merge-commit') ? ['commits'] : []),
    ...(hooks.includes('pre-push') ? ['pushes'] : []),
    ...(hooks.includes('commit-msg') ? ['commit messages'] : []),
  ];
  return listOf(what);
}

/** When husky runs a hook file, in words. */
function huskyWhen(file: string): string {
  if (file.endsWith('pre-merge-commit')) return 'before the commit a merge makes';
  if (file.endsWith('pre-push')) return 'before each push';
  if (file.endsWith('commit-msg')) return "on each commit's message";
  return 'before each commit';
}

export const demoMessages = {
  intro: (dir: string) =>
    `keyguard demo: a throw-away repository in ${dir}, with keyguard's pre-commit hook installed.`,
  cleanStep: '1. A commit without credentials goes through:',
  keyStep: '2. A commit that adds a fake AWS key pair (generated just now) is blocked:',
  blocked: 'The commit was blocked (git exit 1): the key never entered the history. The repository has been removed.',
  next: 'Protect your repository: `npx keyguard install` (or `npx keyguard init` to set it up for the whole team).',
  cleanBlocked: (status: number) =>
    `keyguard demo: the commit without credentials failed (git exit ${status}); see the output above.`,
  notBlocked: (status: number) =>
    `keyguard demo: the commit with a fake key was not blocked as expected (git exit ${status}, expected 1); see the output above.`,
  gitFailed: (what: string, stderr: string) => `keyguard demo: ${what} failed: ${stderr.trim().split('\n')[0] ?? ''}`,
  notInstalled: 'keyguard demo: the hook could not be installed in the throw-away repository.',
};

/** Lines of `keyguard doctor`. Paths come in already made readable (relative to the work tree's top). */
export const doctorMessages = {
  title: (top: string) => `keyguard doctor: ${top}`,
  // Labels of the report's lines, padded to one column by the formatter.
  labels: {
    hooksDir: 'hooks directory',
    prepare: 'team setup',
    keyguard: 'keyguard',
    config: 'configuration',
    environment: 'environment',
  },
  fixPrefix: 'fix: ',
  hooksDefault: (dir: string) => `${dir} (git's default)`,
  hooksSetting: (dir: string, scope: string, origin: string) =>
    `${dir} (core.hooksPath in the ${scope} git config${origin ? `, ${origin}` : ''})`,
  husky9: 'husky 9',
  husky8: 'husky 8 or older',
  shared: 'outside this repository: shared with every repository that uses it',

  protected: (detail: string) => `protected: ${detail}`,
  notProtected: (detail: string) => `not protected: ${detail}`,
  unverified: (detail: string) => `not proven: ${detail}`,
  notChecked: 'not checked by keyguard',
  optionalLine: (name: string, file: string) =>
    `not checked by keyguard (optional: add \`keyguard hook ${name} "$@"\` to ${file})`,

  plain: (file: string) => `${file} is keyguard's hook`,
  chained: (file: string) => `${file} is keyguard's hook, which runs your ${file}.keyguard-chained first`,
  framework: (file: string) => `${file} is the pre-commit framework's, which runs keyguard's hook ${file}.legacy first`,
  runsLine: (file: string, line: string) => `${file} runs \`${line}\``,
  lintStaged: (file: string, config: string) =>
    `${file} runs lint-staged, whose ${config} runs \`keyguard scan --staged\` for every staged file`,
  provedLintStaged:
    'checked: `keyguard scan --staged`, as lint-staged runs it, blocked a staged fake key; lint-staged itself was not run',
  missing: (file: string) => `there is no ${file}`,
  notExecutable: (file: string) => `${file} is not executable, so git does not run it`,
  doesNotRunKeyguard: (file: string) => `${file} does not run keyguard`,
  frameworkWithout: (file: string) =>
    `${file} is the pre-commit framework's, and ${file}.legacy is not keyguard's hook`,
  huskyShimMissing: (shim: string, file: string) =>
    `husky's ${shim} is missing or not executable, so git does not run ${file}`,
  oldHook:
    'the installed hook predates `keyguard doctor` and would run your chained hook against the probe, so it was not run',

  provedBlocked: 'checked: a staged fake key was blocked',
  provedLinesOnly: "checked: a staged fake key was blocked by its keyguard line; the file's other lines were not run",
  provedChainedSkipped: 'checked: a staged fake key was blocked; your chained hook was not run',
  probePassed: (detail: string) => `${detail}, but it let a staged fake key through (exit 0)`,
  probeFailed: (detail: string, code: string, line: string) =>
    `${detail}, but it could not check a staged fake key (${code}${line ? `: ${line}` : ''})`,
  probeTimedOut: 'timed out after 30 s',

  prepareRuns: (file: string, prepare: string) => `${file} "prepare": "${prepare}" runs keyguard install`,
  prepareHusky: (file: string, prepare: string, huskyFile: string) =>
    `${file} "prepare": "${prepare}" installs husky, and the committed ${huskyFile} runs keyguard`,
  prepareMissing: (file: string, prepare: string | undefined) =>
    prepare === undefined
      ? `${file} has no "prepare" script, so teammates do not get the hook`
      : `${file} "prepare": "${prepare}" does not run keyguard install`,
  prepareInvalid: (file: string, reason: string) => `cannot read ${file}: ${reason}`,
  noPackageJson: 'no package.json: each clone needs `npx keyguard install`',

  node: (version: string, path: string) => `node ${version} (${path})`,
  noNode: 'no node on PATH: the hook cannot start keyguard',
  keyguard: (version: string, path: string) => `keyguard ${version} (${path})`,
  keyguardMissing: (path: string) => `keyguard is not installed where the hook looks (${path})`,
  keyguardNotUsed: 'no hook runs keyguard',

  config: (source: string, allow: number, ignored: number) =>
    `${source} (${allow} allow pattern${allow === 1 ? '' : 's'}, ${ignored} ignored path${ignored === 1 ? '' : 's'})`,
  configDefaults: 'none (defaults)',
  baseline: (file: string, entries: number) => `baseline ${file} (${entries} entr${entries === 1 ? 'y' : 'ies'})`,
  noBaseline: 'no baseline',
  configError: (message: string) => `cannot be read: ${message}`,
  editConfig: (file: string) => `edit ${file}`,
  envSkips: (names: string) => `${names} set in this environment: commits made from here skip the check`,

  fixInstall: 'npx keyguard install',
  fixInstallGlobal: 'npx keyguard install --global',
  fixInit: 'npx keyguard init',
  fixNpmInstall: 'npm install',
  fixGlobalBin: 'npm i -g keyguard && keyguard install --global',
  fixHusky: 'npx husky',
  fixNode: "add node's directory to the PATH git runs hooks with",
  fixChmod: (file: string) => `chmod +x ${file}`,

  verdictProtected: 'Protected: commits that add AWS credentials are blocked.',
  verdictNotProtected: (why: string) => `NOT protected: ${why}`,
  noWorkTree: 'keyguard doctor: no work tree here (a bare repository, or inside .git); run it in a clone.',
};
