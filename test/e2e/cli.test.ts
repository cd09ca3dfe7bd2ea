// The built CLI, spawned as a user runs it: usage errors are one line and exit 2, never a stack trace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRepo } from '../support/git-repo.js';

const repo = createRepo();
afterAll(() => repo.cleanup());

describe('keyguard CLI', () => {
  it('prints help and exits 0', () => {
    const r = repo.keyguard(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('scan --staged');
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['scan', '--nope'], /^keyguard: scan has no option --nope\. See `keyguard scan --help`\.$/m],
    [['scan'], /nothing to scan/],
    [['scan', '--staged', '--stdin'], /only one of/],
    [['scan', '--format', 'xml', '--stdin'], /--format must be one of/],
    [['scan', 'does-not-exist.txt'], /^keyguard: cannot read does-not-exist\.txt: no such file or directory$/m],
  ])('%j fails with one clear line and exit 2', (args, message) => {
    const r = repo.keyguard(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('scans binary files for printable text and lists them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyguard-bin-'));
    try {
      writeFileSync(join(dir, 'blob.bin'), Buffer.from([1, 2, 0, 3]));
      writeFileSync(join(dir, 'notes.txt'), 'hello\n');
      const r = repo.keyguard(['scan', '--format', 'json', dir]);
      expect(r.status).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.version).toBe(1);
      expect(report.skipped).toEqual([]);
      expect(report.binaryScanned).toEqual([{ path: join(dir, 'blob.bin') }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
