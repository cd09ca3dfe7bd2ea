// The GitHub Action (action.yml) and the example workflows: checked by action-validator, kept free of
// `${{ }}` inside scripts, and the action's own bash steps run for real, with the environment GitHub
// gives them for pull_request and push events, in real repositories and clones of them.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { createRepo, gitEnv, KEYGUARD_BIN, PROJECT_ROOT, type RunResult, type TestRepo } from '../support/git-repo.js';

const ACTION = join(PROJECT_ROOT, 'action.yml');
const WORKFLOWS = join(PROJECT_ROOT, 'examples', 'ci', '.github', 'workflows');
const workflows = readdirSync(WORKFLOWS).map((name) => join(WORKFLOWS, name));
const VALIDATOR = join(PROJECT_ROOT, 'node_modules', '@action-validator', 'cli', 'cli.mjs');
const actionText = readFileSync(ACTION, 'utf8');

function validate(file: string): RunResult {
  const r = spawnSync(process.execPath, [VALIDATOR, file], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The `run:` scripts of a YAML file, read from its text (no YAML parser is a dependency): each must be a
 * block scalar (`run: |`), whose lines are those indented deeper than the `run:` key.
 */
function runScripts(text: string): Array<{ step: string | undefined; script: string; line: number }> {
  const lines = text.split('\n');
  const scripts = [];
  let step: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^\s*- /.test(line)) step = undefined;
    step = /^\s*(?:- )?id: (\S+)/.exec(line)?.[1] ?? step;
    const run = /^(\s*(?:- )?)run:(.*)$/.exec(line);
    if (!run) continue;
    if ((run[2] as string).trim() !== '|')
      throw new Error(`line ${i + 1}: a run: that is not a block scalar (run: |): ${line}`);
    const indent = (run[1] as string).length;
    const body: string[] = [];
    while (
      i + 1 < lines.length &&
      (/^\s*$/.test(lines[i + 1] as string) || /^\s*/.exec(lines[i + 1] as string)![0].length > indent)
    )
      body.push(lines[++i] as string);
    const margin = Math.min(...body.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
    scripts.push({
      step,
      script: `${body
        .map((l) => l.slice(margin))
        .join('\n')
        .trimEnd()}\n`,
      line: i + 1,
    });
  }
  return scripts;
}

const scriptOf = (id: string): string => {
  const found = runScripts(actionText).find((s) => s.step === id);
  if (!found) throw new Error(`action.yml has no run: step with id ${id}`);
  return found.script;
};

describe('action.yml and the example workflows', () => {
  it('pass action-validator', () => {
    for (const file of [ACTION, ...workflows]) {
      const r = validate(file);
      expect({ file, ...r }).toEqual({ file, status: 0, stdout: '', stderr: '' });
    }
  });

  it('action-validator does fail an action that is wrong (a run: step without shell:)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyguard-action-'));
    try {
      const broken = join(dir, 'action.yml');
      writeFileSync(broken, actionText.replace(/^(\s*)shell: bash\n/m, ''));
      const r = validate(broken);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('/shell');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no script has a ${{ }} expression in its text (values come through env:)', () => {
    const inline = (text: string) =>
      runScripts(text)
        .filter((s) => s.script.includes('${{'))
        .map((s) => s.line);
    for (const file of [ACTION, ...workflows])
      expect({ file, lines: inline(readFileSync(file, 'utf8')) }).toEqual({ file, lines: [] });
    expect(runScripts(actionText).map((s) => s.step)).toEqual(['range', 'scan']);
    // What the check is for: a branch name spliced into a script would be shell code.
    expect(
      inline(
        actionText.replace('head=${HEAD_SHA:-HEAD}', 'head=${HEAD_SHA:-HEAD}\n        echo "${{ github.head_ref }}"'),
      ),
    ).toHaveLength(1);
    expect(() => runScripts('    - run: echo "${{ github.head_ref }}"\n')).toThrow(/not a block scalar/);
  });

  it("runs the keyguard version it was released with (the package's own)", () => {
    const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
    expect(actionText).toMatch(
      new RegExp(`\\n  version:\\n(?:    .*\\n)*?    default: '${version.replaceAll('.', '\\.')}'\\n`),
    );
  });
});

const credentials = (seed: number) => {
  const pair = fakePair(seededRandom(seed));
  return `[default]\naws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
};
const ZEROS = '0'.repeat(40);

describe("the action's steps, run by bash as GitHub runs them", () => {
  // origin: main has a key in its first commits' history (added, then removed), a clean pull request
  // branch and one that adds a key.
  let origin: TestRepo;
  let work: string;
  const sha: Record<string, string> = {};
  beforeAll(() => {
    origin = createRepo({ name: 'origin' });
    const commit = (name: string) => {
      origin.git(['add', '-A']);
      origin.git(['commit', '-q', '--no-verify', '-m', name]);
      sha[name] = origin.git(['rev-parse', 'HEAD']).trim();
    };
    origin.write('README.md', 'one\n');
    commit('first');
    origin.write('old.ini', credentials(71));
    commit('old-key');
    origin.git(['rm', '-q', 'old.ini']);
    commit('removed');
    for (let n = 0; n < 3; n++) {
      origin.write('README.md', `one\n${n}\n`);
      commit(`main-${n}`);
    }
    origin.git(['checkout', '-q', '-b', 'clean']);
    origin.write('src/app.ts', 'export const region = "eu-west-1";\n');
    commit('clean');
    origin.git(['checkout', '-q', '-b', 'leak', 'main']);
    origin.write('deploy/aws.ini', credentials(72));
    commit('leak');
    origin.write('src/app.ts', 'export const n = 1;\n');
    commit('after-leak');
    origin.git(['checkout', '-q', 'main']);
    work = mkdtempSync(join(tmpdir(), 'keyguard-action-run-'));
  });
  afterAll(() => {
    origin?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  let clones = 0;
  const clone = (args: readonly string[] = []): string => {
    const dir = join(work, `clone-${clones++}`);
    const r = spawnSync('git', ['clone', '-q', '--no-local', ...args, `file://${origin.dir}`, dir], {
      env: gitEnv(),
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return dir;
  };

  /** Runs one step's script as `shell: bash` does (`bash --noprofile --norc -eo pipefail <file>`). */
  const runStep = (id: string, cwd: string, env: Record<string, string>) => {
    const dir = mkdtempSync(join(work, 'step-'));
    const script = join(dir, `${id}.sh`);
    writeFileSync(script, scriptOf(id));
    const output = join(dir, 'github-output');
    writeFileSync(output, '');
    // The registry's keyguard is this checkout's build: `npx --yes keyguard@<version> ...` runs bin/keyguard.cjs.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'npx'),
      `#!/bin/sh\n[ "$1" = --yes ] || exit 90\necho "$2" >> '${dir}/npx-asked'\nshift 2\nexec '${process.execPath}' '${KEYGUARD_BIN}' "$@"\n`,
    );
    chmodSync(join(bin, 'npx'), 0o755);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd,
      encoding: 'utf8',
      env: gitEnv({ ...env, GITHUB_OUTPUT: output, PATH: `${bin}:${process.env.PATH}` }),
    });
    const outputs = Object.fromEntries(
      readFileSync(output, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const asked = existsSync(join(dir, 'npx-asked'))
      ? readFileSync(join(dir, 'npx-asked'), 'utf8').split('\n').filter(Boolean)
      : [];
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs, asked };
  };

  const pullRequest = (base: string, head: string) => ({
    EVENT_NAME: 'pull_request',
    PR_BASE_SHA: base,
    HEAD_SHA: head,
    INPUT_RANGE: '',
    PUSH_BEFORE: '',
  });
  const push = (before: string, head: string) => ({
    EVENT_NAME: 'push',
    PUSH_BEFORE: before,
    HEAD_SHA: head,
    INPUT_RANGE: '',
    PR_BASE_SHA: '',
  });
  const scanEnv = (range: string, more: Record<string, string> = {}) => ({
    KEYGUARD_RANGE: range,
    KEYGUARD_VERSION: '0.1.0',
    KEYGUARD_SARIF: 'true',
    KEYGUARD_FAIL: 'true',
    ...more,
  });
  const scanHistory = (cwd: string, range: string) =>
    spawnSync(process.execPath, [KEYGUARD_BIN, 'scan', '--history', '--format', 'json', '--', ...range.split(' ')], {
      cwd,
      env: gitEnv(),
      encoding: 'utf8',
    });

  it('pull_request: base..head; the leaking pull request fails, the clean one passes', () => {
    const dir = clone();
    const leak = runStep('range', dir, pullRequest(sha['main-2'] as string, sha['after-leak'] as string));
    expect(leak.status).toBe(0);
    expect(leak.outputs.range).toBe(`${sha['main-2']}..${sha['after-leak']}`);
    expect(leak.stdout).toContain(`keyguard: scanning ${leak.outputs.range}`);
    const found = scanHistory(dir, leak.outputs.range as string);
    expect(found.status).toBe(1);
    const report = JSON.parse(found.stdout) as { commits: number; findings: Array<{ path: string; commit: string }> };
    expect(report.commits).toBe(2);
    expect(report.findings.map((f) => [f.path, f.commit])).toEqual([['deploy/aws.ini', sha.leak]]);

    const clean = runStep('range', dir, pullRequest(sha['main-2'] as string, sha.clean as string));
    expect(clean.outputs.range).toBe(`${sha['main-2']}..${sha.clean}`);
    expect(scanHistory(dir, clean.outputs.range as string).status).toBe(0);
  });

  it('push: before..sha; a new branch (before all zeros) scans the whole history, which finds the old key', () => {
    const dir = clone();
    const pushed = runStep('range', dir, push(sha['main-0'] as string, sha['main-2'] as string));
    expect(pushed.outputs.range).toBe(`${sha['main-0']}..${sha['main-2']}`);
    expect(scanHistory(dir, pushed.outputs.range as string).status).toBe(0);

    const created = runStep('range', dir, push(ZEROS, sha.clean as string));
    expect(created.outputs.range).toBe(sha.clean);
    const whole = scanHistory(dir, created.outputs.range as string);
    expect(whole.status).toBe(1);
    expect((JSON.parse(whole.stdout) as { findings: Array<{ path: string }> }).findings.map((f) => f.path)).toEqual([
      'old.ini',
    ]);

    // The range input wins over the event; several revisions are separated by spaces.
    const given = runStep('range', dir, {
      ...push(ZEROS, sha.clean as string),
      INPUT_RANGE: `${sha['main-2']}..${sha.clean} ^${sha.first}`,
    });
    expect(given.outputs.range).toBe(`${sha['main-2']}..${sha.clean} ^${sha.first}`);
    expect(scanHistory(dir, given.outputs.range as string).status).toBe(0);
  });

  it('a shallow clone without the range: the action fetches the rest of the history, then the scan finds the key', () => {
    const dir = clone(['--depth', '1', '--branch', 'leak']);
    const r = runStep('range', dir, push(sha['main-2'] as string, sha['after-leak'] as string));
    expect(r.stdout).toContain(
      `keyguard: this checkout is a shallow clone without the whole history of ${sha['main-2']}..${sha['after-leak']}; fetching it (git fetch --no-tags --prune --unshallow origin).`,
    );
    expect(r.status).toBe(0);
    expect(
      spawnSync('git', ['rev-parse', '--is-shallow-repository'], { cwd: dir, encoding: 'utf8' }).stdout.trim(),
    ).toBe('false');
    expect(scanHistory(dir, r.outputs.range as string).status).toBe(1);
  });

  it('a shallow clone whose history cannot be fetched: one line, exit 2', () => {
    const dir = clone(['--depth', '1', '--branch', 'leak']);
    spawnSync('git', ['remote', 'set-url', 'origin', join(dir, 'gone')], { cwd: dir, env: gitEnv() });
    const r = runStep('range', dir, push(ZEROS, sha['after-leak'] as string));
    expect(r.status).toBe(2);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(
      `::error::keyguard: this checkout is a shallow clone without the whole history of ${sha['after-leak']}, and fetching it failed; check out with fetch-depth: 0.`,
    );
    expect(r.outputs).toEqual({});
  });

  it('a shallow clone deep enough for the range is scanned as it is (the commit before the push is the boundary)', () => {
    const dir = clone(['--depth', '2', '--branch', 'leak']);
    const r = runStep('range', dir, push(sha.leak as string, sha['after-leak'] as string));
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('fetching');
    expect(r.outputs.range).toBe(`${sha.leak}..${sha['after-leak']}`);
    expect(
      spawnSync('git', ['rev-parse', '--is-shallow-repository'], { cwd: dir, encoding: 'utf8' }).stdout.trim(),
    ).toBe('true');
  });

  it('scan step: SARIF written, the report shown in the log, exit 1; fail-on-findings false passes with a warning', () => {
    const dir = clone();
    const range = `${sha['main-2']}..${sha['after-leak']}`;
    const failed = runStep('scan', dir, scanEnv(range));
    expect(failed.status).toBe(1);
    expect(failed.asked).toEqual(['keyguard@0.1.0', 'keyguard@0.1.0']);
    expect(failed.outputs).toEqual({ 'sarif-file': 'keyguard.sarif', 'exit-code': '1' });
    expect(failed.stdout).toContain('deploy/aws.ini');
    const sarif = JSON.parse(readFileSync(join(dir, 'keyguard.sarif'), 'utf8')) as {
      runs: Array<{ results: Array<{ properties: { commit: string } }> }>;
    };
    expect(sarif.runs[0]?.results.map((r) => r.properties.commit)).toEqual([sha.leak]);

    const warned = runStep('scan', dir, scanEnv(range, { KEYGUARD_FAIL: 'false' }));
    expect(warned.status).toBe(0);
    expect(warned.outputs['exit-code']).toBe('1');
    expect(warned.stdout).toContain(`::warning::keyguard found AWS credentials in ${range}`);

    const clean = runStep('scan', dir, scanEnv(`${sha['main-2']}..${sha.clean}`, { KEYGUARD_SARIF: 'false' }));
    expect(clean.status).toBe(0);
    expect(clean.asked).toEqual(['keyguard@0.1.0']);
    expect(clean.outputs).toEqual({ 'exit-code': '0' });
  });

  it('scan step: keyguard that cannot run (a range git does not know) fails with exit 2 and no SARIF to upload', () => {
    const dir = clone();
    const r = runStep('scan', dir, scanEnv(`${'1'.repeat(40)}..HEAD`));
    expect(r.status).toBe(2);
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.stderr).toMatch(/^keyguard: git log: /m);
  });
});
