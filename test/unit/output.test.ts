// --output writes atomically: the whole report or nothing, never a half-written file or a stray temp file.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputError, writeOutputFile } from '../../src/output.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyguard-output-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeOutputFile', () => {
  it('writes the file, replaces an old one, and leaves no temporary file', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.sarif');
    writeFileSync(file, 'old');
    await writeOutputFile(file, 'new report\n');
    expect(readFileSync(file, 'utf8')).toBe('new report\n');
    expect(readdirSync(dir)).toEqual(['report.sarif']);
  });

  it('says in one line why a file cannot be written', async () => {
    const dir = tempDir();
    await expect(writeOutputFile(join(dir, 'missing', 'r.json'), 'x')).rejects.toThrow(
      new OutputError(`cannot write ${join(dir, 'missing', 'r.json')}: its directory does not exist`),
    );
    mkdirSync(join(dir, 'taken'));
    await expect(writeOutputFile(join(dir, 'taken'), 'x')).rejects.toThrow(/it is a directory/);
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it.skipIf(process.getuid?.() === 0)('reports a read-only directory', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o555);
    await expect(writeOutputFile(join(dir, 'r.json'), 'x')).rejects.toThrow(/permission denied/);
    chmodSync(dir, 0o755);
  });
});
