import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { PROJECT_ROOT, createRepo, type TestRepo } from '../support/git-repo.js';
import { npm, packKeyguard, type PackedKeyguard } from '../support/keyguard-package.js';

const EXAMPLES = join(PROJECT_ROOT, 'examples');
const rng = seededRandom(1911);

let packed: PackedKeyguard;
beforeAll(() => {
  packed = packKeyguard();
});
afterAll(() => packed?.cleanup());

describe('examples/server: npm i -g keyguard, hooks/pre-receive in a bare repository', () => {
  let home: string;
  let bare: TestRepo;
  let repo: TestRepo;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'keyguard-server-'));
    bare = createRepo({ initArgs: ['--bare'] });
    repo = createRepo();
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    bare?.cleanup();
    repo?.cleanup();
  });

  it('accepts a clean push and rejects one whose commit adds a key, masked', () => {
    const prefix = join(home, 'prefix');
    const global = npm(
      ['install', '-g', '--prefer-offline', '--no-audit', '--no-fund', '--prefix', prefix, packed.tarball],
      home,
    );
    expect(global.status, global.stderr).toBe(0);
    // The server's git finds node and keyguard on its PATH, as the example's README sets it up.
    const serverPath = `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`;
    copyFileSync(join(EXAMPLES, 'server', 'hooks', 'pre-receive'), join(bare.dir, 'hooks', 'pre-receive'));
    expect(statSync(join(EXAMPLES, 'server', 'hooks', 'pre-receive')).mode & 0o111).toBe(0o111);
    const push = (env: NodeJS.ProcessEnv = {}) =>
      repo.tryGit(['push', bare.dir, 'main'], { env: { PATH: serverPath, ...env } });

    // A hook that passes prints nothing; KEYGUARD_VERBOSE=1 in the hook's environment shows its line.
    repo.write('README.md', '# app\n');
    repo.git(['add', 'README.md']);
    repo.git(['commit', '-q', '-m', 'readme']);
    const clean = push();
    expect(clean.stderr).not.toMatch(/keyguard:/);
    expect(clean.status).toBe(0);
    repo.write('README.md', '# app\n\nThe app.\n');
    repo.git(['commit', '-q', '-am', 'readme, more']);
    const verbose = push({ KEYGUARD_VERBOSE: '1' });
    expect(verbose.stderr).toContain('remote: ✔ keyguard: no AWS credentials added by the 1 commit being pushed');
    expect(verbose.status).toBe(0);

    const pair = fakePair(rng);
    repo.write('deploy/aws.ini', `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`);
    repo.git(['add', 'deploy/aws.ini']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'deploy']);
    const rejected = push();
    expect(rejected.stderr).toContain('deploy/aws.ini');
    expect(rejected.stderr).toContain('pre-receive hook declined');
    expect(rejected.stderr).not.toContain(pair.id);
    expect(rejected.status).not.toBe(0);
    expect(bare.git(['rev-list', '--count', 'main']).trim()).toBe('2');
  });
});

describe('examples/', () => {
  const index = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
  const names = readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  it('has one setup per way of use', () => {
    expect(names).toEqual(['ci', 'husky', 'lint-staged', 'monorepo', 'plain', 'pre-commit-framework', 'server']);
  });

  it.each(names)('%s: listed in examples/README.md with the test that runs it, which uses it', (name) => {
    const row = index.split('\n').find((line) => line.startsWith(`| [${name}](${name}/) |`));
    expect(row, name).toBeDefined();
    const tests = [...(row ?? '').matchAll(/`(test\/[\w/.-]+\.test\.ts)`/g)].map((m) => m[1] ?? '');
    expect(tests.length, name).toBeGreaterThan(0);
    const sources = tests.map((t) => readFileSync(join(PROJECT_ROOT, t), 'utf8')).join('\n');
    // By copyExample('<name>'), or by a path into the example.
    expect(sources).toMatch(new RegExp(`copyExample\\('${name}'|'examples', '${name}'|examples/${name}\\b`));
  });
});
