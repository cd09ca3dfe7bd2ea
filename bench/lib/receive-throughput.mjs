// What a server's pre-receive hook (`keyguard hook pre-receive`) adds to a push: the same long history
// (history-repo.mjs) pushed into an empty bare repository with and without the hook, interleaved. The
// difference is keyguard's cost on the server, per pushed commit and per MB of blobs.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function pushInto(manifest, { bin, env, hook }) {
  const bare = mkdtempSync(join(tmpdir(), 'keyguard-bench-receive-'));
  try {
    execFileSync('git', ['init', '-q', '--bare', bare], { env });
    if (hook) {
      const script = join(bare, 'hooks', 'pre-receive');
      writeFileSync(
        script,
        `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} hook pre-receive\n`,
      );
      chmodSync(script, 0o755);
    }
    const start = process.hrtime.bigint();
    const r = spawnSync('git', ['push', '-q', bare, 'HEAD:refs/heads/main'], {
      cwd: manifest.dir,
      env,
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    // The planted key makes the push with the hook fail: that is the point, and the cost is the same.
    return { ms, status: r.status, stderr: r.stderr };
  } finally {
    rmSync(bare, { recursive: true, force: true });
  }
}

/** Median push times with and without the hook over `runs` interleaved rounds. */
export function measureReceive(manifest, { bin, env, runs }) {
  const withHook = [];
  const without = [];
  let rejected = false;
  for (let i = 0; i < runs; i++) {
    const a = pushInto(manifest, { bin, env, hook: false });
    const b = pushInto(manifest, { bin, env, hook: true });
    without.push(a.ms);
    withHook.push(b.ms);
    rejected = b.status !== 0 && b.stderr.includes('Push rejected.');
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const plain = median(without);
  const hooked = median(withHook);
  const extraSeconds = Math.max(0, hooked - plain) / 1000;
  const mb = manifest.blobBytes / 2 ** 20;
  return {
    name: manifest.name,
    commits: manifest.commits,
    blobMB: mb,
    pushSeconds: plain / 1000,
    hookedSeconds: hooked / 1000,
    extraSeconds,
    commitsPerSecond: extraSeconds > 0 ? manifest.commits / extraSeconds : Infinity,
    mbPerSecond: extraSeconds > 0 ? mb / extraSeconds : Infinity,
    rejected,
    runs,
  };
}

export function receiveTable(rows) {
  const lines = [
    '| pushed history | commits | blobs | push without hook s | push with keyguard pre-receive s | keyguard s | commits/s | MB/s | planted key rejected |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${r.commits} | ${r.blobMB.toFixed(0)} MB | ${r.pushSeconds.toFixed(2)} | ${r.hookedSeconds.toFixed(2)} | ${r.extraSeconds.toFixed(2)} | ${r.commitsPerSecond.toFixed(0)} | ${r.mbPerSecond.toFixed(1)} | ${r.rejected ? 'yes' : 'NO'} |`,
    );
  }
  return lines.join('\n');
}
