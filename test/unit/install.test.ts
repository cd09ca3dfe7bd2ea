// The pure parts of the installer: hook text, husky lines, package.json edits. Plain strings in and out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkoutBin, chooseSearchFrom, isKeyguardHook, renderHook } from '../../src/install/hook-script.js';
import { shellQuote } from '../../src/shell-quote.js';
import { addHuskyLine, huskyDirOf, huskyLine, removeHuskyLine, runsKeyguard } from '../../src/install/husky.js';
import { addPrepareScript, detectIndent } from '../../src/install/package-json.js';
import { withExecute } from '../../src/install/write-atomic.js';
import { PROJECT_ROOT } from '../support/git-repo.js';

const TEMPLATE = readFileSync(join(PROJECT_ROOT, 'hooks', 'pre-commit'), 'utf8');

describe('renderHook', () => {
  it('is the shipped script itself for the default settings', () => {
    expect(renderHook(TEMPLATE, { searchFrom: '.' })).toBe(TEMPLATE);
    expect(isKeyguardHook(TEMPLATE)).toBe(true);
  });

  it('fills in the search path and the preferred bin, quoted for sh', () => {
    const text = renderHook(TEMPLATE, { searchFrom: 'packages/my app', bin: "/opt/it's/keyguard.js" });
    expect(text).toContain("keyguard_search_from='packages/my app'\n");
    expect(text).toContain(`keyguard_bin='/opt/it'\\''s/keyguard.js'\n`);
    expect(text.split('\n').length).toBe(TEMPLATE.split('\n').length);
  });

  it('refuses a template without its settings lines', () => {
    expect(() => renderHook('#!/bin/sh\n', { searchFrom: '.' })).toThrow(/settings lines/);
  });

  it.each([
    ['packages/app', 'packages/app'],
    ['a b', "'a b'"],
    ['$(x)', "'$(x)'"],
    ['', "''"],
  ])('shellQuote(%j) is %s', (value, quoted) => expect(shellQuote(value)).toBe(quoted));
});

describe('chooseSearchFrom', () => {
  const top = '/repo';
  it.each([
    ['keyguard in the root node_modules', '/repo/node_modules/keyguard', '/repo/packages/app', '.'],
    ['keyguard in a package', '/repo/packages/app/node_modules/keyguard', '/repo', 'packages/app'],
    ['pnpm store inside the root', '/repo/node_modules/.pnpm/keyguard@1.0.0/node_modules/keyguard', '/repo', '.'],
    [
      'keyguard outside the repository: where install ran',
      '/usr/lib/node_modules/keyguard',
      '/repo/packages/app',
      'packages/app',
    ],
    ['a development checkout, run from outside', '/src/keyguard', '/elsewhere', '.'],
  ])('%s', (_name, keyguardRoot, cwd, expected) => {
    expect(chooseSearchFrom({ topLevel: top, keyguardRoot, cwd })).toBe(expected);
  });
});

describe('checkoutBin', () => {
  it.each([
    ["keyguard's own repository", '/repo', '/repo', '/repo/bin/keyguard.cjs'],
    ['an installed package', '/repo', '/repo/node_modules/keyguard', undefined],
    ['a checkout elsewhere', '/repo', '/src/keyguard', undefined],
  ])('%s', (_name, topLevel, keyguardRoot, expected) => {
    expect(checkoutBin({ topLevel, keyguardRoot: keyguardRoot.replace(/\/$/, '') })).toBe(expected);
  });
});

describe('husky', () => {
  it.each([
    ['/repo/.husky/_', '/repo/.husky'],
    ['/repo/.husky/_/', '/repo/.husky'],
    ['/repo/.husky', '/repo/.husky'],
    ['/repo/frontend/.husky/_', '/repo/frontend/.husky'],
    ['/repo/.git/hooks', undefined],
    ['/repo/.githooks', undefined],
    ['/repo/_', undefined],
  ])('huskyDirOf(%j) is %j', (dir, expected) => expect(huskyDirOf(dir)).toBe(expected));

  it('adds one line, once', () => {
    const line = huskyLine('.');
    expect(line).toBe('keyguard hook pre-commit "$@"');
    expect(addHuskyLine('', line)).toBe(`${line}\n`);
    expect(addHuskyLine('npm test\n', line)).toBe(`npm test\n${line}\n`);
    expect(addHuskyLine('npm test', line)).toBe(`npm test\n${line}\n`);
    expect(addHuskyLine('npm test\r\n', line)).toBe(`npm test\r\n${line}\r\n`);
    expect(addHuskyLine(`npm test\n${line}\n`, line)).toBeUndefined();
  });

  it('recognises a line the user wrote that already scans the staged changes', () => {
    expect(runsKeyguard('npx keyguard scan --staged\n')).toBe(true);
    expect(runsKeyguard('node_modules/.bin/keyguard scan --format json --staged\n')).toBe(true);
    expect(runsKeyguard('keyguard scan src/\n')).toBe(false);
    expect(runsKeyguard('# notkeyguard hook pre-commit\n')).toBe(false);
  });

  it("names a monorepo package's bin", () => {
    expect(huskyLine('packages/app')).toBe('packages/app/node_modules/.bin/keyguard hook pre-commit "$@"');
  });

  it('removes exactly the lines it adds', () => {
    const line = huskyLine('packages/app');
    expect(removeHuskyLine(`npm test\n${line}\n`)).toBe('npm test\n');
    expect(removeHuskyLine(`${huskyLine('.')}\n`)).toBe('');
    expect(removeHuskyLine('npm test\nnpx keyguard scan --staged\n')).toBeUndefined();
  });
});

describe('addPrepareScript', () => {
  it.each([
    ['{}', '{\n  "scripts": {\n    "prepare": "keyguard install"\n  }\n}'],
    ['{"scripts":{"prepare":""}}', '{\n  "scripts": {\n    "prepare": "keyguard install"\n  }\n}'],
    [
      '{\n  "scripts": {\n    "prepare": "husky"\n  }\n}\n',
      '{\n  "scripts": {\n    "prepare": "husky && keyguard install"\n  }\n}\n',
    ],
    [
      '{\r\n  "name": "x"\r\n}\r\n',
      '{\r\n  "name": "x",\r\n  "scripts": {\r\n    "prepare": "keyguard install"\r\n  }\r\n}\r\n',
    ],
  ])('%j', (input, output) => {
    expect(addPrepareScript(input)).toMatchObject({ kind: 'changed', text: output });
  });

  it.each([
    'keyguard install',
    'husky && keyguard install',
    'keyguard install || true',
  ])('leaves %j alone', (prepare) => {
    expect(addPrepareScript(JSON.stringify({ scripts: { prepare } }))).toEqual({ kind: 'unchanged', prepare });
  });

  it('detects indentation', () => {
    expect(detectIndent('{\n\t"a": 1\n}')).toBe('\t');
    expect(detectIndent('{\n    "a": 1\n}')).toBe('    ');
    expect(detectIndent('{"a":1}')).toBe('  ');
  });
});

it('withExecute adds x where r is', () => {
  expect(withExecute(0o644)).toBe(0o755);
  expect(withExecute(0o600)).toBe(0o700);
  expect(withExecute(0o100640)).toBe(0o750);
});
