// Plants one fake AWS key pair into a staged file WITHOUT touching the repository's index or work tree:
// the planted blob goes into the object store and a copy of the index points at it. keyguard then runs
// with GIT_INDEX_FILE set to that copy, which is exactly how git runs the hook for `git commit -a`.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './repos.mjs';
import { prng } from './gen.mjs';

/** A fake key pair from a fixed seed, assembled at run time (no credential-shaped literal in the source). */
export function fakePair(seed = 777) {
  const r = prng(seed);
  const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const secretChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
  let id = ['AK', 'IA'].join('');
  for (let i = 0; i < 16; i++) id += base32[r.int(32)];
  let secret = '';
  while (!/[a-z]/.test(secret) || !/[A-Z]/.test(secret) || !/[0-9]/.test(secret)) {
    secret = '';
    for (let i = 0; i < 40; i++) secret += secretChars[r.int(64)];
  }
  return { id, secret };
}

/** Returns { env, path, line, cleanup }: run keyguard with `env` to see the planted key at `path`:`line`. */
export function plantKey(manifest, baseEnv) {
  const { dir, plant: path } = manifest;
  const { id, secret } = fakePair();
  const blob = git(dir, ['cat-file', 'blob', `:${path}`]);
  let text;
  let line;
  if (!blob.slice(0, 1 << 20).includes('\n')) {
    const at = blob.indexOf(';', blob.length >> 1) + 1;
    text = `${blob.slice(0, at)}var aws_access_key_id="${id}",aws_secret_access_key="${secret}";${blob.slice(at)}`;
    line = 1;
  } else {
    const rows = blob.split('\n');
    const mid = rows.length >> 1;
    rows.splice(mid, 0, `// aws_access_key_id = ${id}`, `const aws_secret_access_key = "${secret}";`);
    text = rows.join('\n');
    line = mid + 1;
  }
  const oid = git(dir, ['hash-object', '-w', '--stdin'], { input: text }).trim();
  const scratch = mkdtempSync(join(tmpdir(), 'keyguard-plant-'));
  const index = join(scratch, 'index');
  copyFileSync(
    git(dir, ['rev-parse', '--git-path', 'index'])
      .trim()
      .replace(/^(?!\/)/, `${dir}/`),
    index,
  );
  git(dir, ['update-index', '--cacheinfo', `100644,${oid},${path}`], { env: { GIT_INDEX_FILE: index } });
  // The planted blob stays in the object store (unreachable, pruned by a later gc); only the index copy goes.
  return {
    env: { ...baseEnv, GIT_INDEX_FILE: index },
    path,
    line,
    cleanup: () => rmSync(scratch, { recursive: true, force: true }),
  };
}
