// What `keyguard scan --history` costs on a long history (history-repo.mjs): wall time and peak RSS of
// the whole-history scan, next to its floor, the `git log` listing keyguard starts with, and the
// figures CI planning needs: commits/s, MB/s of blobs written, seconds per 10,000 commits and per GB.
import { interleave, runOnce } from './measure.mjs';

const LISTING = ['git', 'log', '--raw', '-z', '--no-abbrev', '-M', '-C', '--root', '--format=%x01%H', 'HEAD'];

/**
 * Checks first that the planted key is found where it was put (that run also warms the cache), then
 * measures `runs` interleaved rounds.
 */
export function measureHistory(manifest, { bin, env, runs }) {
  const node = process.execPath;
  const check = runOnce([node, bin, 'scan', '--history', '--format', 'json'], {
    cwd: manifest.dir,
    env,
    node: true,
    stdout: 'pipe',
  });
  let found = false;
  try {
    const { planted } = manifest;
    const report = JSON.parse(check.stdout.toString());
    found =
      check.status === 1 &&
      report.findings.some(
        (f) =>
          f.commit === planted.commit &&
          f.path === planted.path &&
          (f.line === planted.line || f.secretLine === planted.line),
      );
  } catch {
    found = false;
  }
  const scan = 'keyguard scan --history';
  const m = interleave(
    [
      { name: 'git log --raw -M -C', argv: LISTING },
      { name: scan, argv: [node, bin, 'scan', '--history'], node: true },
    ],
    { cwd: manifest.dir, env, runs, warmup: false },
  );
  const seconds = m[scan].wallMs / 1000;
  const mb = manifest.blobBytes / 2 ** 20;
  return {
    name: manifest.name,
    commits: manifest.commits,
    blobMB: mb,
    packMB: manifest.packBytes / 2 ** 20,
    listingSeconds: m['git log --raw -M -C'].wallMs / 1000,
    seconds,
    rssMB: m[scan].maxRssMB,
    commitsPerSecond: manifest.commits / seconds,
    mbPerSecond: mb / seconds,
    secondsPer10kCommits: (seconds * 10000) / manifest.commits,
    secondsPerGB: (seconds * 1024) / mb,
    found,
    runs,
  };
}

/** The Markdown table of measureHistory's results. */
export function historyTable(rows) {
  const lines = [
    '| history | commits | blobs written (pack) | git log --raw -M -C s | keyguard s | peak RSS MB | commits/s | MB/s | s per 10,000 commits | s per GB | planted key found |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${r.commits} | ${r.blobMB.toFixed(0)} MB (${r.packMB.toFixed(0)} MB) | ${r.listingSeconds.toFixed(2)} | ${r.seconds.toFixed(2)} | ${r.rssMB === undefined ? 'n/a' : r.rssMB.toFixed(0)} | ${r.commitsPerSecond.toFixed(0)} | ${r.mbPerSecond.toFixed(1)} | ${r.secondsPer10kCommits.toFixed(1)} | ${r.secondsPerGB.toFixed(1)} | ${r.found ? 'yes' : 'NO'} |`,
    );
  }
  return lines.join('\n');
}
