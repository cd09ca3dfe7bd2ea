// A session token as STS issues it (with its `//////////` run), committed through a real hook that runs
// the built CLI: the commit is blocked and the report names the token. The token is built at run time.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fakeAccessKeyId,
  fakeStsSessionToken,
  KEY_PREFIXES,
  randomString,
  seededRandom,
} from '../support/fake-credentials.js';
import { createRepo, writeScanHooks } from '../support/git-repo.js';

const rng = seededRandom(0x7015e);

interface Report {
  findings: { path: string; line: number; rule: string; masked: string }[];
}

function report(stderr: string): Report {
  return JSON.parse(stderr.slice(stderr.indexOf('{'), stderr.lastIndexOf('}') + 1)) as Report;
}

describe('an STS session token in a hooked commit', () => {
  it('blocks a .env holding only AWS_SESSION_TOKEN, and a credentials file with its temporary key id', () => {
    const repo = createRepo();
    try {
      writeScanHooks(join(repo.dir, '.git', 'hooks'), { args: ['scan', '--staged', '--format', 'json'] });
      const token = fakeStsSessionToken(rng, 0);
      const other = fakeStsSessionToken(rng, 1);
      expect(token).toContain('/'.repeat(10));
      repo.write('.env', `AWS_REGION=us-east-1\nAWS_SESSION_TOKEN=${token}\n`);
      repo.write(
        'aws/credentials',
        `[assumed]\naws_access_key_id = ${fakeAccessKeyId(rng, KEY_PREFIXES.session)}\naws_session_token = ${other}\n`,
      );
      repo.git(['add', '.']);
      const run = repo.tryGit(['commit', '-m', 'temporary credentials']);
      expect(run.status, run.stderr).not.toBe(0);
      expect(repo.tryGit(['rev-parse', '-q', '--verify', 'HEAD']).status).not.toBe(0);
      const found = report(run.stderr).findings.map((f) => [f.path, f.rule, f.line]);
      expect(found).toEqual(
        expect.arrayContaining([
          ['.env', 'aws-session-token', 2],
          ['aws/credentials', 'aws-access-key-id', 2],
          ['aws/credentials', 'aws-session-token', 3],
        ]),
      );
      expect(found).toHaveLength(3);
      // The report shows the masked form only.
      expect(run.stderr).not.toContain(token.slice(4, 40));
    } finally {
      repo.cleanup();
    }
  });

  it('lets through the same files holding a value with a run of slashes but no STS header', () => {
    const repo = createRepo();
    try {
      writeScanHooks(join(repo.dir, '.git', 'hooks'), { args: ['scan', '--staged', '--format', 'json'] });
      const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      repo.write(
        '.env',
        `AWS_SESSION_TOKEN=${randomString(rng, base64, 20)}${'/'.repeat(10)}${randomString(rng, base64, 300)}\n`,
      );
      repo.git(['add', '.']);
      const run = repo.tryGit(['commit', '-m', 'not a token']);
      expect(run.status, run.stderr).toBe(0);
    } finally {
      repo.cleanup();
    }
  });
});
