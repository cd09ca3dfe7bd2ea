// README.md as a new user reads it: the sections in the order they need them, the two fresh-clone
// commands at the top, and the blocked commit it shows kept identical to what `keyguard demo` prints
// today (up to what changes on every run: the generated key, its account, the directory, the commit id).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEYGUARD_BIN, PROJECT_ROOT, gitEnv } from '../support/git-repo.js';

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
const temp = mkdtempSync(join(tmpdir(), 'keyguard-readme-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** What differs between two runs of the demo, replaced by fixed text. */
function stable(text: string): string {
  return (
    text
      .replace(/\/\S*\/keyguard-demo-[A-Za-z0-9]{6}/g, '<dir>')
      .replace(/\(root-commit\) [0-9a-f]{7,}\]/g, '(root-commit) <commit>]')
      .replace(/AKIA…[A-Z0-9]{4}/g, 'AKIA…<id>')
      .replace(/\{12\}[A-Z0-9]{4}'/g, "{12}<id>'")
      .replace(/[A-Za-z0-9+/]{4}…\(40 chars\)/g, '<secret>…(40 chars)')
      .replace(/\b\d{4}-\d{4}-\d{4}\b/g, '<account>')
      // Some generated key ids carry no account (an older generation): those two lines are then absent.
      .replace(/^ +account <account>\n/m, '')
      .replace(/^ +Run these with credentials for account <account>\.\n/m, '')
  );
}

describe('README.md', () => {
  it('keeps the two fresh-clone commands near the top', () => {
    const top = readme.split('\n').slice(0, 20).join('\n');
    expect(top).toContain('npm install && npx keyguard demo');
    expect(top).toContain('npm ci && npm test');
  });

  it('has its sections in the order a new user needs them', () => {
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1] ?? '');
    const order = [
      'Fresh clone',
      'Install',
      'What a blocked commit looks like',
      'Gates after the commit',
      'Configuration',
      'Suppression (false positives)',
      'Exit codes',
      'Compared with other secret scanners',
    ];
    const positions = order.map((h) => headings.indexOf(h));
    expect(
      positions.every((p) => p >= 0),
      headings.join(' | '),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // What keyguard does and why comes before any section.
    expect(readme.slice(0, readme.indexOf('\n## '))).toMatch(/bots within minutes/);
  });

  it('shows what `keyguard demo` prints today', () => {
    const shown = /## What a blocked commit looks like\n[\s\S]*?```text\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(shown).toBeDefined();
    const r = spawnSync(process.execPath, [KEYGUARD_BIN, 'demo'], {
      cwd: temp,
      env: gitEnv({ TMPDIR: '/tmp', NO_COLOR: '1' }),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // If this fails after a change to the report: paste the new `NO_COLOR=1 npx keyguard demo` into README.
    expect(stable(shown ?? '')).toBe(stable(r.stdout.trimEnd()));
  });

  it('compares keyguard with git-secrets, gitleaks, trufflehog, detect-secrets and secretlint', () => {
    const comparison = readme.slice(readme.indexOf('## Compared with other secret scanners'));
    for (const tool of ['git-secrets', 'gitleaks', 'trufflehog', 'detect-secrets', 'secretlint']) {
      expect(comparison).toMatch(new RegExp(`^\\| \\[${tool}\\]\\(https://github\\.com/[^)]+\\) \\|`, 'm'));
    }
  });

  it('is, with CHANGELOG.md and every document in docs/ and examples/, marked with the version it describes', () => {
    const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    const documents = ['README.md', 'CHANGELOG.md'].concat(
      ...['docs', 'examples'].map((dir) =>
        readdirSync(join(PROJECT_ROOT, dir), { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.md') && !f.includes('node_modules'))
          .map((f) => join(dir, f)),
      ),
    );
    expect(documents.length).toBeGreaterThan(15);
    for (const doc of documents) {
      const text = readFileSync(join(PROJECT_ROOT, doc), 'utf8');
      expect(text, doc).toMatch(
        doc === 'CHANGELOG.md'
          ? new RegExp(`^## ${version.replace(/\./g, '\\.')}\\b`, 'm')
          : new RegExp(`\\bkeyguard ${version.replace(/\./g, '\\.')}\\b`),
      );
    }
  });
});
