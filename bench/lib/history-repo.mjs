// Long histories for `keyguard scan --history`, written with `git fast-import` (one process, no work
// tree, no index: 10,000 commits take seconds instead of the minutes `git commit` would). Deterministic
// like the other benchmark repositories: fixed seeds, identity and dates.
//
// A profile is a pool of text files that the first commit adds, then `commits` commits that each insert
// a few generated lines into `filesPerCommit` of them (the small edits of ordinary development). The
// size of a history is counted as git stores it before compression: the bytes of every blob the commits
// write (each edited file in full). One fake key pair (assembled at run time, plant.mjs) is inserted by
// the commit in the middle, so a measurement also checks that the scan found it, at that commit.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng, sourceFile, sourceLines } from './gen.mjs';
import { fakePair } from './plant.mjs';
import { BENCH_DIR, git, isolatedEnv } from './repos.mjs';

/** Bump when what a profile builds changes, so old builds are not reused. */
const BUILD_VERSION = 1;

export const HISTORY_PROFILES = {
  /** 10,000 commits of small edits to 400 source files, 2-8 KB at first and growing with the edits. */
  commits: {
    commits: 10000,
    files: 400,
    fileBytes: [2000, 8000],
    filesPerCommit: [1, 2],
    linesPerEdit: [3, 20],
    seed: 505,
  },
  /** 3,000 commits editing one or two of 200 files of 150-350 KB: about 1.1 GB of blobs written. */
  gb: {
    commits: 3000,
    files: 200,
    fileBytes: [150000, 350000],
    filesPerCommit: [1, 2],
    linesPerEdit: [5, 30],
    seed: 606,
  },
};

const EXTS = ['js', 'ts', 'py'];

/** Writes to fast-import's standard input, waiting when the pipe is full. */
function writer(stream) {
  return async (chunk) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
}

async function build(dir, profile) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '--initial-branch=main']);
  for (const [key, value] of [
    ['gc.auto', '0'],
    ['core.autocrlf', 'false'],
  ])
    git(dir, ['config', key, value]);
  const r = prng(profile.seed);
  const importer = spawn('git', ['fast-import', '--quiet', '--done'], {
    cwd: dir,
    env: isolatedEnv(),
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const exited = once(importer, 'exit');
  const write = writer(importer.stdin);
  const paths = Array.from(
    { length: profile.files },
    (_, i) => `src/${['app', 'lib', 'core', 'util'][i % 4]}/module_${i}.${EXTS[i % 3]}`,
  );
  const contents = paths.map((p) => sourceFile(r, p.split('.').pop(), r.range(...profile.fileBytes)));
  const plantAt = Math.floor(profile.commits / 2);
  let blobBytes = 0;
  let planted;
  const commit = async (n, message, changes) => {
    const date = `${1600000000 + n * 600} +0000`;
    await write(
      `commit refs/heads/main\nauthor Bench <bench@keyguard.invalid> ${date}\ncommitter Bench <bench@keyguard.invalid> ${date}\n`,
    );
    await write(`data ${Buffer.byteLength(message)}\n${message}\n`);
    for (const index of changes) {
      const data = Buffer.from(contents[index]);
      blobBytes += data.length;
      await write(`M 100644 inline ${paths[index]}\ndata ${data.length}\n`);
      await write(data);
      await write('\n');
    }
    await write('\n');
  };
  await commit(
    0,
    'initial import',
    paths.map((_, i) => i),
  );
  for (let n = 1; n <= profile.commits; n++) {
    const changed = new Set();
    const count = r.range(...profile.filesPerCommit);
    while (changed.size < count) changed.add(r.int(paths.length));
    for (const index of changed) {
      const rows = contents[index].split('\n');
      const inserted = sourceLines(r, paths[index].split('.').pop(), r.range(...profile.linesPerEdit)).split('\n');
      inserted.pop();
      const at = 1 + r.int(rows.length - 1);
      if (n === plantAt && planted === undefined) {
        const { id, secret } = fakePair();
        inserted.push(`// aws_access_key_id = ${id}`, `const aws_secret_access_key = "${secret}";`);
        planted = { path: paths[index], line: at + inserted.length - 1 };
      }
      rows.splice(at, 0, ...inserted);
      contents[index] = rows.join('\n');
    }
    await commit(n, `change ${n}`, [...changed]);
  }
  await write('done\n');
  importer.stdin.end();
  const [code] = await exited;
  if (code !== 0) throw new Error(`git fast-import failed (exit ${code})`);
  git(dir, ['reset', '-q', '--hard', 'main']);
  const plantedCommit = git(dir, ['rev-list', '-n', '1', '--skip', String(profile.commits - plantAt), 'main']).trim();
  return { blobBytes, planted: { ...planted, commit: plantedCommit } };
}

/** Builds the profile `name` under $KEYGUARD_BENCH_DIR unless an up-to-date build exists; returns its manifest. */
export async function ensureHistoryRepo(name, { rebuild = false, log = console.error } = {}) {
  const profile = HISTORY_PROFILES[name];
  if (!profile) throw new Error(`unknown history profile ${name} (${Object.keys(HISTORY_PROFILES).join(', ')})`);
  const dir = join(BENCH_DIR, `history-${name}`);
  const manifestPath = join(BENCH_DIR, `history-${name}.json`);
  if (!rebuild && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.version === BUILD_VERSION && existsSync(join(dir, '.git'))) return manifest;
  }
  log(`building history-${name} under ${dir} (git fast-import) ...`);
  const started = Date.now();
  const built = await build(dir, profile);
  const manifest = {
    version: BUILD_VERSION,
    name: `history-${name}`,
    dir,
    commits: profile.commits + 1,
    blobBytes: built.blobBytes,
    packBytes: Number(/size-pack: (\d+)/.exec(git(dir, ['count-objects', '-v']))?.[1] ?? 0) * 1024,
    planted: built.planted,
    buildSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  log(
    `  history-${name}: ${manifest.commits} commits, ${(manifest.blobBytes / 2 ** 20).toFixed(0)} MB of blobs written (${manifest.buildSeconds}s)`,
  );
  return manifest;
}
