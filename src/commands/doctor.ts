// `keyguard doctor`: is this repository protected, and by what? Each fact is found the way git finds it
// (git is asked where hooks live, hook files are read as git would run them), and the pre-commit gate is
// proven by running the installed hook on a throw-away staged fake key: a temporary index and object
// directory, so the user's index, objects and work tree are never touched.
import { access, constants, mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, isAbsolute, join } from 'node:path';
import { helpResult, type CliIo, type CliResult } from '../cli-io.js';
import { KeyguardError } from '../errors.js';
import { messages } from '../messages.js';
import { noArguments, parse } from './args.js';
import { ConfigError } from '../config/config.js';
import { diskReader, loadBaseline, loadConfig } from '../config/load-config.js';
import { GitError } from '../git/errors.js';
import { configuredHooksDir, findHooksDir, hooksPathSetting, type HooksPathSetting } from '../git/hooks-path.js';
import { stageProbe } from '../git/probe-index.js';
import { CHAINED_SUFFIX, isKeyguardHook } from '../install/hook-script.js';
import { displayPath } from '../install/hooks.js';
import { huskyDirOf } from '../install/husky.js';
import {
  GATES,
  LEGACY_SUFFIX,
  LINT_STAGED_CONFIGS,
  PROBE_VARIABLE,
  hookBinCandidates,
  hookSettings,
  isPreCommitFramework,
  keyguardLines,
  lineBin,
  lintStagedRunsKeyguard,
  prepareFacts,
  runsLintStaged,
  skipsChainedWhenProbed,
  type Gate,
} from '../install/inspect.js';
import { runHook, type HookRun } from '../install/run-hook.js';
import { doctorMessages as m } from '../messages.js';
import { generateFakePair } from './demo.js';

export type GateStatus = 'protected' | 'not-protected' | 'not-checked' | 'unverified';
export type GateHow = 'plain' | 'chained' | 'husky' | 'pre-commit framework' | 'lint-staged' | 'script' | 'none';

/** The staged file the probe adds; keyguard's report names it when the hook blocks. */
export const PROBE_PATH = 'keyguard-doctor-probe.env';
const PROBE_TIMEOUT_MS = 30_000;

export interface GateReport {
  name: Gate;
  status: GateStatus;
  how: GateHow;
  /** The hook file git runs for this gate (relative to the work tree's top when inside it). */
  file: string;
  /** One sentence: what runs, or what is wrong. */
  detail: string;
  fix?: string;
  /** The pre-commit gate's proof: what the installed hook did with a staged fake key. */
  proof?: { result: 'blocked' | 'passed' | 'failed' | 'not-run'; exitCode?: number; message?: string };
}

export interface DoctorReport {
  version: 1;
  protected: boolean;
  topLevel: string;
  hooksDir: {
    path: string;
    source: 'default' | 'core.hooksPath';
    scope?: string;
    origin?: string;
    husky?: 'husky 9' | 'husky 8';
    shared: boolean;
  };
  gates: GateReport[];
  prepare: { file?: string; script?: string; runsInstall: boolean; ok: boolean; detail: string; fix?: string };
  node: { path: string; version: string } | null;
  keyguard: { path: string; exists: boolean; version?: string; fix?: string } | null;
  config: {
    source: string;
    allow: number;
    ignorePaths: number;
    baseline: { file: string; entries: number } | null;
    error?: string;
    fix?: string;
  };
  /** Variables in doctor's own environment that make commits skip the check (KEYGUARD=0, HUSKY=0). */
  skippedBy: string[];
}

/** How the probe runs the gate: the hook file itself, or only a script's keyguard lines through sh. */
type ProbePlan =
  | { kind: 'file'; path: string; chained: boolean }
  | { kind: 'lines'; lines: string[]; lintStaged?: boolean }
  | { kind: 'none' };

interface Inspected {
  report: GateReport;
  plan: ProbePlan;
  /** The keyguard the gate's hook starts, in the order it tries them. */
  bins: string[];
}

export const help = `Usage: keyguard doctor [--format pretty|json]

Is this repository protected, and by what? Reads the hooks git runs (its own,
husky's, the pre-commit framework's, lint-staged's) and proves the pre-commit
hook on a throw-away staged fake key; your index and work tree are not touched.

Options:
  -f, --format pretty|json
                         report format (default: pretty; json for CI)
  -h, --help             show this help

Exit codes: 0 protected, 1 not protected, 2 keyguard could not run.
`;

export async function run(args: readonly string[], io: CliIo): Promise<CliResult> {
  const { values, positionals } = parse('doctor', args, { format: { type: 'string', short: 'f' } });
  if (values.help) return helpResult(help);
  noArguments('doctor', positionals);
  const format = values.format ?? 'pretty';
  if (format !== 'pretty' && format !== 'json') throw new KeyguardError(messages.badFormat(format, ['pretty', 'json']));
  return doctor(io, { format });
}

async function doctor(io: CliIo, options: { format: 'pretty' | 'json' }): Promise<CliResult> {
  const where = await findHooksDir(io);
  if (where.kind !== 'work-tree') {
    const line =
      where.kind === 'not-a-repository' || where.kind === 'no-git' ? notRepository(where.kind) : m.noWorkTree;
    return { exitCode: 2, stdout: '', stderr: `${line}\n` };
  }
  const { topLevel, commonDir } = where;
  const setting = await hooksPathSetting(io);
  const configured = configuredHooksDir(setting, { topLevel, commonDir });
  const shared = !within(commonDir, configured) && !within(topLevel, configured);
  // git names the directory with symlinks resolved; the configured path is what the user recognises.
  const hooksDir = shared ? where.hooksDir : configured;
  const husky = shared ? undefined : huskyDirOf(hooksDir);
  const show = (path: string) => displayPath(path, topLevel);

  const gates: Inspected[] = [];
  for (const name of GATES) gates.push(await inspectGate(name, { hooksDir, husky, topLevel, shared, show }));
  const preCommit = gates[0]!;
  const bin = await resolveBin(preCommit.bins, topLevel);
  const node = await findNode(io.env);
  await prove(preCommit, { io, topLevel, bin, node });

  const report: DoctorReport = {
    version: 1,
    protected: preCommit.report.status === 'protected',
    topLevel,
    hooksDir: {
      path: show(hooksDir),
      source: setting === undefined ? 'default' : 'core.hooksPath',
      ...(setting ? { scope: setting.scope, origin: origin(setting, topLevel) } : {}),
      ...(husky ? { husky: basename(hooksDir) === '_' ? ('husky 9' as const) : ('husky 8' as const) } : {}),
      shared,
    },
    gates: gates.map((g) => g.report),
    prepare: await prepareOf(io.cwd, topLevel, preCommit.report, show),
    node,
    keyguard: bin === undefined ? null : { ...bin, path: show(bin.path) },
    config: await configOf(topLevel),
    skippedBy: [io.env.KEYGUARD === '0' ? 'KEYGUARD=0' : '', husky && io.env.HUSKY === '0' ? 'HUSKY=0' : ''].filter(
      Boolean,
    ),
  };
  const stdout = options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatPretty(report);
  return { exitCode: report.protected ? 0 : 1, stdout, stderr: '' };
}

function notRepository(kind: 'not-a-repository' | 'no-git'): string {
  return kind === 'no-git'
    ? 'keyguard doctor: git was not found on PATH.'
    : 'keyguard doctor: not a git repository (run it inside the repository you want to check).';
}

function within(dir: string, path: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

function origin(setting: HooksPathSetting, topLevel: string): string {
  return isAbsolute(setting.origin) ? displayPath(setting.origin, topLevel) : setting.origin;
}

interface GateContext {
  hooksDir: string;
  husky: string | undefined;
  topLevel: string;
  shared: boolean;
  show: (path: string) => string;
}

/** The gates git must not skip: keyguard install protects these; the others are optional. */
const REQUIRED: readonly Gate[] = ['pre-commit', 'pre-merge-commit'];

async function inspectGate(name: Gate, c: GateContext): Promise<Inspected> {
  const required = REQUIRED.includes(name);
  const file = join(c.hooksDir, name);
  const none = (report: Omit<GateReport, 'name' | 'file'> & { file?: string }): Inspected => ({
    report: { name, file: c.show(file), ...report },
    plan: { kind: 'none' },
    bins: [],
  });
  const absent = (detail: string, where: string, fix: string | undefined): Inspected =>
    required
      ? none({ status: 'not-protected', how: 'none', detail, ...(fix ? { fix } : {}) })
      : none({
          status: 'not-checked',
          how: 'none',
          detail: name === 'pre-push' ? m.optionalLine(name, c.show(where)) : m.notChecked,
        });

  // husky 9: git runs .husky/_/<name>, which runs .husky/<name> through sh (so that one need not be executable).
  if (c.husky !== undefined) {
    const script = join(c.husky, name);
    const huskyNine = basename(c.hooksDir) === '_';
    const text = await readText(script);
    const installFix = m.fixInstall;
    if (text === undefined) return absent(m.missing(c.show(script)), script, installFix);
    const gitRuns = huskyNine ? file : script;
    if (!(await executable(gitRuns))) {
      const detail = huskyNine ? m.huskyShimMissing(c.show(file), c.show(script)) : m.notExecutable(c.show(script));
      const fix = huskyNine ? m.fixHusky : m.fixChmod(c.show(script));
      return {
        report: { name, file: c.show(script), status: 'not-protected', how: 'husky', detail, fix },
        plan: { kind: 'none' },
        bins: [],
      };
    }
    return fromScript(name, text, script, c, required ? installFix : undefined);
  }

  const info = await statOf(file);
  const fix = c.shared ? m.fixInstallGlobal : m.fixInstall;
  if (info === undefined) return absent(m.missing(c.show(file)), file, fix);
  const text = (await readText(file)) ?? '';
  const runnable = await executable(file);
  if (isKeyguardHook(text)) {
    if (!runnable)
      return none({
        status: 'not-protected',
        how: 'plain',
        detail: m.notExecutable(c.show(file)),
        fix: m.fixChmod(c.show(file)),
      });
    const chained = (await statOf(file + CHAINED_SUFFIX)) !== undefined;
    return {
      report: {
        name,
        file: c.show(file),
        status: 'protected',
        how: chained ? 'chained' : 'plain',
        detail: chained ? m.chained(c.show(file)) : m.plain(c.show(file)),
      },
      plan: { kind: 'file', path: file, chained },
      bins: hookBinCandidates(hookSettings(text), c.topLevel),
    };
  }
  if (isPreCommitFramework(text)) {
    const legacy = file + LEGACY_SUFFIX;
    const legacyText = await readText(legacy);
    if (!runnable)
      return none({
        status: 'not-protected',
        how: 'pre-commit framework',
        detail: m.notExecutable(c.show(file)),
        fix: m.fixChmod(c.show(file)),
      });
    if (legacyText === undefined || !isKeyguardHook(legacyText)) {
      return none({
        status: 'not-protected',
        how: 'pre-commit framework',
        detail: m.frameworkWithout(c.show(file)),
        fix,
      });
    }
    if (!(await executable(legacy))) {
      return none({
        status: 'not-protected',
        how: 'pre-commit framework',
        detail: m.notExecutable(c.show(legacy)),
        fix: m.fixChmod(c.show(legacy)),
      });
    }
    const chained = (await statOf(legacy + CHAINED_SUFFIX)) !== undefined;
    return {
      report: {
        name,
        file: c.show(file),
        status: 'protected',
        how: 'pre-commit framework',
        detail: m.framework(c.show(file)),
      },
      plan: { kind: 'file', path: legacy, chained },
      bins: hookBinCandidates(hookSettings(legacyText), c.topLevel),
    };
  }
  // A hook of the user's own that may run keyguard itself (`keyguard hook pre-push "$@"` in .git/hooks/pre-push).
  if (keyguardLines(text, name).length > 0 && !runnable) {
    return none({
      status: 'not-protected',
      how: 'script',
      detail: m.notExecutable(c.show(file)),
      fix: m.fixChmod(c.show(file)),
    });
  }
  return fromScript(name, text, file, c, required ? fix : undefined);
}

/** A husky file or a hook script of the user's own: its keyguard lines, or lint-staged running keyguard. */
async function fromScript(
  name: Gate,
  text: string,
  file: string,
  c: GateContext,
  fix: string | undefined,
): Promise<Inspected> {
  const shown = c.show(file);
  const how: GateHow = c.husky !== undefined ? 'husky' : 'script';
  const lines = keyguardLines(text, name);
  if (lines.length > 0) {
    return {
      report: { name, file: shown, status: 'protected', how, detail: m.runsLine(shown, lines[0]!) },
      plan: { kind: 'lines', lines },
      bins: [lineBin(lines[0]!, c.topLevel)],
    };
  }
  if (name === 'pre-commit' && runsLintStaged(text)) {
    const config = await lintStagedConfig(c.topLevel);
    if (config !== undefined) {
      // lint-staged itself is not run (it would run the user's other tasks, and stash): the command it
      // runs for every staged file is, as lint-staged runs it (node_modules/.bin first on PATH).
      return {
        report: { name, file: shown, status: 'protected', how: 'lint-staged', detail: m.lintStaged(shown, config) },
        plan: { kind: 'lines', lines: ['keyguard scan --staged'], lintStaged: true },
        bins: [join(c.topLevel, 'node_modules', '.bin', 'keyguard')],
      };
    }
  }
  const required = REQUIRED.includes(name);
  const report: GateReport = required
    ? {
        name,
        file: shown,
        status: 'not-protected',
        how: 'none',
        detail: m.doesNotRunKeyguard(shown),
        ...(fix ? { fix } : {}),
      }
    : {
        name,
        file: shown,
        status: 'not-checked',
        how: 'none',
        detail: name === 'pre-push' ? m.optionalLine(name, shown) : m.notChecked,
      };
  return { report, plan: { kind: 'none' }, bins: [] };
}

/** The lint-staged configuration file that runs keyguard in the function form, if any. */
async function lintStagedConfig(topLevel: string): Promise<string | undefined> {
  for (const name of LINT_STAGED_CONFIGS) {
    const text = await readText(join(topLevel, name));
    if (text !== undefined && lintStagedRunsKeyguard(text)) return name;
  }
  return undefined;
}

interface ResolvedBin {
  path: string;
  exists: boolean;
  version?: string;
  fix?: string;
}

/** The first of the hook's candidates that exists (what the hook would start), or the first one, missing. */
async function resolveBin(candidates: string[], topLevel: string): Promise<ResolvedBin | undefined> {
  if (candidates.length === 0) return undefined;
  for (const path of candidates) {
    if ((await statOf(path))?.isFile()) {
      const version = await packageVersion(path);
      return { path: packageDirOf(path), exists: true, ...(version ? { version } : {}) };
    }
  }
  const first = candidates[0]!;
  const global = !within(topLevel, first);
  return { path: first, exists: false, fix: global ? m.fixGlobalBin : m.fixNpmInstall };
}

/** `node_modules/keyguard` for its bin/keyguard.cjs or for node_modules/.bin/keyguard: what the user installed. */
function packageDirOf(bin: string): string {
  if (bin.endsWith(join('bin', 'keyguard.cjs'))) return dirname(dirname(bin));
  if (basename(dirname(bin)) === '.bin') return join(dirname(dirname(bin)), 'keyguard');
  return bin;
}

async function packageVersion(bin: string): Promise<string | undefined> {
  try {
    const text = await readFile(join(dirname(dirname(await realpath(bin))), 'package.json'), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

/** The `node` on PATH, as the hook's `command -v node` finds it, and its version. */
async function findNode(env: NodeJS.ProcessEnv): Promise<{ path: string; version: string } | null> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const path = join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    if (!(await statOf(path))?.isFile() || !(await executable(path))) continue;
    if ((await realpath(path).catch(() => path)) === (await realpath(process.execPath).catch(() => process.execPath))) {
      return { path, version: process.version };
    }
    const run = await runHook(path, ['--version'], { cwd: dir, env, timeoutMs: 10_000 });
    return { path, version: run.stdout.trim() || 'unknown version' };
  }
  return null;
}

/**
 * Runs the pre-commit gate's hook on a staged fake key, in a temporary index whose blob lives in a
 * temporary object directory, and turns what it did into the gate's status.
 */
async function prove(
  gate: Inspected,
  c: { io: CliIo; topLevel: string; bin: ResolvedBin | undefined; node: unknown },
): Promise<void> {
  const { report, plan } = gate;
  if (report.status !== 'protected' || plan.kind === 'none') return;
  if (plan.kind === 'file' && plan.chained && !skipsChainedWhenProbed((await readText(plan.path)) ?? '')) {
    Object.assign(report, {
      status: 'unverified',
      detail: `${report.detail}; ${m.oldHook}`,
      fix: m.fixInstall,
      proof: { result: 'not-run' },
    });
    return;
  }
  const tmp = await realpath(await mkdtemp(join(tmpdir(), 'keyguard-doctor-')));
  try {
    const pair = generateFakePair();
    const content = `AWS_ACCESS_KEY_ID=${pair.id}\nAWS_SECRET_ACCESS_KEY=${pair.secret}\n`;
    const git = { cwd: c.topLevel, env: c.io.env };
    const probe = await stageProbe(git, tmp, PROBE_PATH, content);
    // KEYGUARD=0 in doctor's own shell would make the hook pass: the installation is what is checked
    // here, and that variable is reported on a line of its own.
    const env: NodeJS.ProcessEnv = { ...c.io.env, ...probe, [PROBE_VARIABLE]: '1', NO_COLOR: '1' };
    delete env.KEYGUARD;
    delete env.FORCE_COLOR;
    let run: HookRun;
    if (plan.kind === 'file') {
      run = await runHook(plan.path, [], { cwd: c.topLevel, env, timeoutMs: PROBE_TIMEOUT_MS });
    } else {
      // As husky runs a hook script: sh -e, from the top, with node_modules/.bin first on PATH.
      const script = join(tmp, 'probe.sh');
      await writeFile(script, `${plan.lines.join('\n')}\n`);
      env.PATH = [join(c.topLevel, 'node_modules', '.bin'), env.PATH ?? ''].filter(Boolean).join(delimiter);
      run = await runHook('sh', ['-e', script], { cwd: c.topLevel, env, timeoutMs: PROBE_TIMEOUT_MS });
    }
    const output = `${run.stdout}\n${run.stderr}`;
    if (run.exitCode === 1 && output.includes(PROBE_PATH)) {
      const note =
        plan.kind === 'lines'
          ? plan.lintStaged
            ? m.provedLintStaged
            : m.provedLinesOnly
          : plan.chained
            ? m.provedChainedSkipped
            : m.provedBlocked;
      report.proof = { result: 'blocked', exitCode: 1, message: note };
      return;
    }
    const fix = c.bin && !c.bin.exists ? c.bin.fix : c.node === null ? m.fixNode : m.fixInstall;
    if (run.exitCode === 0) {
      Object.assign(report, {
        status: 'not-protected',
        detail: m.probePassed(report.detail),
        fix,
        proof: { result: 'passed', exitCode: 0 },
      });
      return;
    }
    const line = firstLine(run.stderr) || firstLine(run.stdout);
    const code = run.timedOut ? m.probeTimedOut : (run.startError ?? `exit ${run.exitCode ?? 'unknown'}`);
    Object.assign(report, {
      status: 'not-protected',
      detail: m.probeFailed(report.detail, code, line),
      fix,
      proof: {
        result: 'failed',
        ...(run.exitCode !== undefined ? { exitCode: run.exitCode } : {}),
        ...(line ? { message: line } : {}),
      },
    });
  } catch (error) {
    // git could not build the probe (a corrupt repository, say): doctor reports it instead of crashing.
    if (!(error instanceof GitError)) throw error;
    const line = firstLine(error.message);
    Object.assign(report, {
      status: 'not-protected',
      detail: m.probeFailed(report.detail, 'git', line),
      proof: { result: 'failed', message: line },
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

async function prepareOf(
  cwd: string,
  topLevel: string,
  preCommit: GateReport,
  show: (path: string) => string,
): Promise<DoctorReport['prepare']> {
  let file = join(cwd, 'package.json');
  let text = await readText(file);
  if (text === undefined && cwd !== topLevel) {
    file = join(topLevel, 'package.json');
    text = await readText(file);
  }
  if (text === undefined) return { runsInstall: false, ok: false, detail: m.noPackageJson, fix: m.fixInstall };
  const shown = show(file);
  const facts = prepareFacts(text);
  if (facts.kind === 'invalid')
    return {
      file: shown,
      runsInstall: false,
      ok: false,
      detail: m.prepareInvalid(shown, facts.reason),
      fix: m.fixInit,
    };
  const script = facts.prepare !== undefined ? { script: facts.prepare } : {};
  if (facts.runsInstall)
    return { file: shown, ...script, runsInstall: true, ok: true, detail: m.prepareRuns(shown, facts.prepare!) };
  // With husky the keyguard line is in a committed file: husky's own prepare brings it to every clone.
  if (facts.runsHusky && preCommit.how === 'husky' && preCommit.status !== 'not-protected') {
    return {
      file: shown,
      ...script,
      runsInstall: false,
      ok: true,
      detail: m.prepareHusky(shown, facts.prepare!, preCommit.file),
    };
  }
  return {
    file: shown,
    ...script,
    runsInstall: false,
    ok: false,
    detail: m.prepareMissing(shown, facts.prepare),
    fix: m.fixInit,
  };
}

async function configOf(topLevel: string): Promise<DoctorReport['config']> {
  const read = diskReader(topLevel);
  try {
    const config = await loadConfig(read);
    const baseline = await loadBaseline(read, config);
    return {
      source: config.source,
      allow: config.allow.length,
      ignorePaths: config.ignorePaths.length,
      baseline: baseline === undefined ? null : { file: config.baseline, entries: baseline.entries.length },
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const file = /^package\.json/.test(error.message)
      ? 'package.json'
      : error.message.split(':')[0] || '.keyguard.json';
    return { source: 'error', allow: 0, ignorePaths: 0, baseline: null, error: error.message, fix: m.editConfig(file) };
  }
}

/** The report as aligned lines: a label column, then the fact, and the fix under it. */
export function formatPretty(r: DoctorReport): string {
  const width = 17;
  const out: string[] = [m.title(r.topLevel)];
  const row = (label: string, text: string, fix?: string) => {
    out.push(`  ${label.padEnd(width)}${text}`);
    if (fix) out.push(`  ${''.padEnd(width)}${m.fixPrefix}${fix}`);
  };
  const dir = r.hooksDir;
  const where =
    dir.source === 'default' ? m.hooksDefault(dir.path) : m.hooksSetting(dir.path, dir.scope ?? '', dir.origin ?? '');
  const extra = [
    dir.husky === 'husky 9' ? m.husky9 : dir.husky === 'husky 8' ? m.husky8 : '',
    dir.shared ? m.shared : '',
  ].filter(Boolean);
  row(m.labels.hooksDir, extra.length ? `${where.replace(/\)$/, '')}; ${extra.join('; ')})` : where);
  for (const gate of r.gates) {
    const proof = gate.proof?.result === 'blocked' && gate.proof.message ? ` (${gate.proof.message})` : '';
    const text =
      gate.status === 'protected'
        ? m.protected(gate.detail) + proof
        : gate.status === 'not-protected'
          ? m.notProtected(gate.detail)
          : gate.status === 'unverified'
            ? m.unverified(gate.detail)
            : gate.detail;
    row(gate.name, text, gate.fix);
  }
  row(m.labels.prepare, r.prepare.detail, r.prepare.ok ? undefined : r.prepare.fix);
  const node = r.node === null ? m.noNode : m.node(r.node.version, r.node.path);
  const keyguard =
    r.keyguard === null
      ? m.keyguardNotUsed
      : r.keyguard.exists
        ? m.keyguard(r.keyguard.version ?? 'unknown version', r.keyguard.path)
        : m.keyguardMissing(r.keyguard.path);
  row(
    m.labels.keyguard,
    `${node}, ${keyguard}`,
    r.node === null ? m.fixNode : r.keyguard?.exists === false ? r.keyguard.fix : undefined,
  );
  const c = r.config;
  if (c.error !== undefined) {
    row(m.labels.config, m.configError(c.error), c.fix);
  } else {
    const source = c.source === 'defaults' ? m.configDefaults : m.config(c.source, c.allow, c.ignorePaths);
    row(m.labels.config, `${source}; ${c.baseline ? m.baseline(c.baseline.file, c.baseline.entries) : m.noBaseline}`);
  }
  if (r.skippedBy.length > 0) row(m.labels.environment, m.envSkips(r.skippedBy.join(' and ')));
  const preCommit = r.gates[0]!;
  out.push(
    r.protected
      ? m.verdictProtected
      : m.verdictNotProtected(`pre-commit: ${preCommit.detail}${preCommit.fix ? ` (fix: ${preCommit.fix})` : ''}`),
  );
  return `${out.join('\n')}\n`;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function statOf(path: string) {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

/** Whether git could run the file: it exists and is executable (git checks access(X_OK) too). */
async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
