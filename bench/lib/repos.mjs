// The benchmark repositories, built deterministically under $KEYGUARD_BENCH_DIR (default
// /tmp/keyguard-bench): fixed seeds, identity, dates and config, so every run and every machine gets the
// same commits. Each repository ends with a clean work tree except for the STAGED change that is measured.
// A manifest next to each repository records what was built; it is reused while BUILD_VERSION matches.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { logText, minifiedLine, prng, sourceFile, sourceLines, WORDS } from './gen.mjs';

/** Bump when what a repository contains changes, so old builds are not reused. */
const BUILD_VERSION = 1;

export const BENCH_DIR = process.env.KEYGUARD_BENCH_DIR || '/tmp/keyguard-bench';

/** The environment of every git command here and of every measured command: no user or system config. */
export function isolatedEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('GIT_')) delete env[key];
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@keyguard.invalid',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@keyguard.invalid',
    NO_COLOR: '1',
    ...extra,
  };
}

const ENV = isolatedEnv();
let clock = 0;

export function git(cwd, args, options = {}) {
  return execFileSync('git', args, {
    cwd,
    env: { ...ENV, ...options.env },
    input: options.input,
    maxBuffer: 1 << 30,
  }).toString();
}

function commit(dir, message) {
  clock += 3600;
  const date = `${1600000000 + clock} +0000`;
  git(dir, ['commit', '-q', '--no-verify', '-m', message], {
    env: { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}

function init(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '--initial-branch=main']);
  for (const [key, value] of [
    ['gc.auto', '0'],
    ['core.autocrlf', 'false'],
    ['commit.gpgsign', 'false'],
  ])
    git(dir, ['config', key, value]);
}

function write(dir, path, content) {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

const EXTS = ['js', 'ts', 'py'];

function populate(dir, r, count, layout, lo, hi) {
  const files = [];
  for (let i = 0; i < count; i++) {
    const ext = EXTS[i % 3];
    const path = `${layout(i)}.${ext}`;
    write(dir, path, sourceFile(r, ext, r.range(lo, hi)));
    files.push(path);
  }
  return files;
}

/** Inserts about `lines` generated lines in the middle of a file and changes one number elsewhere. */
function edit(dir, path, r, lines) {
  const full = join(dir, path);
  const ext = path.split('.').pop();
  const rows = readFileSync(full, 'utf8').split('\n');
  const inserted = sourceLines(r, ext, lines).split('\n');
  inserted.pop();
  rows.splice(Math.max(1, r.int(rows.length)), 0, ...inserted);
  const j = r.int(rows.length);
  rows[j] = rows[j].replace(/\d+/, String(r.int(100000)));
  writeFileSync(full, rows.join('\n'));
}

function history(dir, r, files, commits, perCommit) {
  for (let c = 0; c < commits; c++) {
    for (let k = 0; k < perCommit; k++) edit(dir, r.pick(files), r, r.range(5, 30));
    git(dir, ['add', '-A']);
    commit(dir, `change ${c + 1}`);
  }
}

const BUILDERS = {
  /** 2,000 files, a little history, 3 modified files staged (about 200 added lines). */
  small(dir) {
    const r = prng(101);
    init(dir);
    const files = populate(
      dir,
      r,
      2000,
      (i) => `src/${WORDS[i % 20]}/${WORDS[20 + (((i / 20) | 0) % 10)]}/mod_${i}`,
      800,
      6000,
    );
    git(dir, ['add', '-A']);
    commit(dir, 'initial import');
    history(dir, r, files, 4, 40);
    git(dir, ['gc', '--quiet']);
    const staged = [files[17], files[1234], files[1999]];
    for (const f of staged) edit(dir, f, r, 65);
    git(dir, ['add', '-A']);
    return { staged, plant: staged[1] };
  },
  /** 50,000 files, 20 staged changes: 16 modified, 3 added, 1 deleted. */
  wide(dir) {
    const r = prng(202);
    init(dir);
    const files = populate(
      dir,
      r,
      50000,
      (i) =>
        `packages/pkg-${String(i % 250).padStart(3, '0')}/src/${WORDS[((i / 250) | 0) % 4]}/${WORDS[((i / 1000) | 0) % WORDS.length]}_${i}`,
      300,
      2200,
    );
    git(dir, ['add', '-A']);
    commit(dir, 'initial import');
    history(dir, r, files, 2, 200);
    git(dir, ['gc', '--quiet']);
    const staged = [];
    for (let k = 0; k < 16; k++) {
      const f = files[(k * 3119 + 7) % files.length];
      edit(dir, f, r, r.range(10, 40));
      staged.push(f);
    }
    for (let k = 0; k < 3; k++) {
      const f = `packages/pkg-${String(k * 80).padStart(3, '0')}/src/new/added_${k}.ts`;
      write(dir, f, sourceFile(r, 'ts', 2500));
      staged.push(f);
    }
    const removed = files[(99 * 3119 + 7) % files.length];
    rmSync(join(dir, removed));
    staged.push(removed);
    git(dir, ['add', '-A']);
    return { staged, plant: staged[5] };
  },
  /** About 30 MB staged: 450 new files of about 62 KB and 50 modified files with about 40 KB appended. */
  'big-diff'(dir) {
    const r = prng(303);
    init(dir);
    const files = populate(dir, r, 1000, (i) => `lib/${WORDS[i % 25]}/part_${i}`, 800, 6000);
    git(dir, ['add', '-A']);
    commit(dir, 'initial import');
    history(dir, r, files, 1, 50);
    git(dir, ['gc', '--quiet']);
    const staged = [];
    for (let k = 0; k < 450; k++) {
      const ext = EXTS[k % 3];
      const f = `generated/batch_${k % 15}/gen_${k}.${ext}`;
      write(dir, f, sourceFile(r, ext, 62000));
      staged.push(f);
    }
    for (let k = 0; k < 50; k++) {
      const f = files[k * 19 + 3];
      appendFileSync(join(dir, f), `\n${sourceLines(r, f.split('.').pop(), 1100)}`);
      staged.push(f);
    }
    git(dir, ['add', '-A']);
    return { staged, plant: staged[460] };
  },
  /** One 50 MB multi-line log and one 50 MB single-line minified bundle, staged. */
  huge(dir) {
    const r = prng(404);
    init(dir);
    populate(dir, r, 500, (i) => `app/${WORDS[i % 10]}/m_${i}`, 800, 6000);
    git(dir, ['add', '-A']);
    commit(dir, 'initial import');
    git(dir, ['gc', '--quiet']);
    write(dir, 'data/huge-log.txt', logText(r, 50 * 1024 * 1024));
    write(dir, 'dist/bundle.min.js', minifiedLine(r, 50 * 1024 * 1024));
    git(dir, ['add', '-A']);
    return { staged: ['data/huge-log.txt', 'dist/bundle.min.js'], plant: 'dist/bundle.min.js' };
  },
};

export const REPO_NAMES = Object.keys(BUILDERS);

function stagedSummary(dir) {
  let files = 0,
    added = 0,
    deleted = 0;
  for (const row of git(dir, ['diff', '--cached', '--numstat', '--no-renames']).split('\n').filter(Boolean)) {
    const [a, d] = row.split('\t');
    files++;
    added += a === '-' ? 0 : Number(a);
    deleted += d === '-' ? 0 : Number(d);
  }
  return { files, added, deleted };
}

/** Builds `name` unless an up-to-date build exists; returns its manifest. */
export function ensureRepo(name, { rebuild = false, log = console.error } = {}) {
  const dir = join(BENCH_DIR, name);
  const manifestPath = join(BENCH_DIR, `${name}.json`);
  if (!rebuild && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.version === BUILD_VERSION && existsSync(join(dir, '.git'))) return manifest;
  }
  log(`building ${name} under ${dir} ...`);
  const started = Date.now();
  clock = 0;
  const built = BUILDERS[name](dir);
  const manifest = {
    version: BUILD_VERSION,
    name,
    dir,
    head: git(dir, ['rev-parse', 'HEAD']).trim(),
    trackedFiles: git(dir, ['ls-files', '-z']).split('\0').filter(Boolean).length,
    staged: stagedSummary(dir),
    stagedBytes: built.staged.reduce(
      (n, f) => n + (existsSync(join(dir, f)) ? readFileSync(join(dir, f)).length : 0),
      0,
    ),
    plant: built.plant,
    buildSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  log(`  ${name}: ${manifest.trackedFiles} tracked files, ${manifest.staged.files} staged (${manifest.buildSeconds}s)`);
  return manifest;
}
