// Every command's own --help, run as a user would: the command's usage, not the global help, within 80
// columns; the global help lists each command on one line; `keyguard` alone is an error with the help.
import { afterAll, describe, expect, it } from 'vitest';
import { createRepo } from '../support/git-repo.js';

const repo = createRepo();
afterAll(() => repo.cleanup());

/** Every command of src/cli.ts. A command added there without a help text here fails the listing test. */
const COMMANDS = ['scan', 'install', 'uninstall', 'init', 'doctor', 'demo', 'baseline', 'hook'];

function expectWithin80(text: string): void {
  const wide = text.split('\n').filter((line) => [...line].length > 80);
  expect(wide).toEqual([]);
}

describe('keyguard --help', () => {
  const global = repo.keyguard(['--help']);

  it('exits 0 and lists each command on one line, within 80 columns', () => {
    expect(global).toMatchObject({ status: 0, stderr: '' });
    const block = global.stdout.split('\n\n').find((part) => part.startsWith('Commands:'))!;
    const listed = block
      .split('\n')
      .slice(1)
      .map((line) => /^ {2}([a-z]+) {2,}\S/.exec(line)?.[1]);
    expect(listed).toEqual(COMMANDS);
    expectWithin80(global.stdout);
  });

  it('is what `keyguard help` and `keyguard -h` print', () => {
    expect(repo.keyguard(['help'])).toMatchObject({ status: 0, stdout: global.stdout, stderr: '' });
    expect(repo.keyguard(['-h'])).toMatchObject({ status: 0, stdout: global.stdout, stderr: '' });
  });

  it('`keyguard` alone prints it on stderr and exits 2, as `keyguard scan` with nothing to scan does', () => {
    expect(repo.keyguard([])).toMatchObject({ status: 2, stdout: '', stderr: global.stdout });
    expect(repo.keyguard(['scan'])).toMatchObject({ status: 2, stdout: '' });
  });
});

describe.each(COMMANDS)('keyguard %s --help', (command) => {
  const help = repo.keyguard([command, '--help']);

  it("prints the command's own usage, exit 0, within 80 columns", () => {
    expect(help).toMatchObject({ status: 0, stderr: '' });
    expect(help.stdout).toMatch(new RegExp(`^Usage: keyguard ${command}\\b`));
    expect(help.stdout).not.toContain('Commands:');
    expectWithin80(help.stdout);
  });

  it('is what `-h` and `keyguard help <command>` print', () => {
    expect(repo.keyguard([command, '-h'])).toMatchObject({ status: 0, stdout: help.stdout });
    expect(repo.keyguard(['help', command])).toMatchObject({ status: 0, stdout: help.stdout });
  });
});

describe('the options each help names are the ones its command takes', () => {
  it.each([
    [
      'scan',
      [
        '--staged',
        '--stdin',
        '--history',
        '--pre-push',
        '--commit-msg',
        '--pre-receive',
        '--format',
        '--output',
        '--no-allow',
      ],
    ],
    ['install', ['--hook', '--global']],
    ['uninstall', ['--global']],
    ['init', ['--hook']],
    ['doctor', ['--format']],
    ['baseline', ['--prune', '--anywhere', '--reason']],
  ])('%s', (command, options) => {
    const help = repo.keyguard([command, '--help']).stdout;
    for (const option of options) expect(help).toContain(option);
    // An option the help does not name is refused, with the closest one that it does name.
    const named = [...help.matchAll(/(?<![\w-])--[a-z][a-z-]+/g)].map((m) => m[0]);
    for (const option of new Set(named)) {
      const r = repo.keyguard([command, `${option}x`]);
      expect(r.stderr).toContain(`${command} has no option ${option}x; did you mean ${option}?`);
    }
  });
});

describe('keyguard help <unknown>', () => {
  it('is the unknown-command line, exit 2', () => {
    expect(repo.keyguard(['help', 'frobnicate'])).toMatchObject({
      status: 2,
      stderr: 'keyguard: unknown command "frobnicate". Run `keyguard --help` for the list.\n',
    });
  });
});
