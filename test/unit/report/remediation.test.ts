// "What to do now", byte for byte. The snapshots under __snapshots__/remediation/ were written by this
// test from the implementation before it was split into one function per step; they hold masked forms
// only (the findings are hand-built, findings.ts). Colored output is compared too: the escape codes are
// part of what the user sees.
import { createColors } from 'picocolors';
import { describe, expect, it } from 'vitest';
import { remediation } from '../../../src/report/remediation.js';
import type { LocatedFinding, ScanResult } from '../../../src/scan-result.js';
import {
  bedrockLongFinding,
  bedrockShortFinding,
  idInLine,
  keyId,
  keyIdFinding,
  located,
  loneSecretFinding,
  pairedSecretFinding,
  pairFinding,
  result,
  sessionTokenFinding,
  temporaryKeyIdFinding,
} from './findings.js';

const COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

/** Six long-term key ids in files with awkward names: repeats are summarized, paths quoted. */
function manyKeys(): LocatedFinding[] {
  return ['a.env', 'b c.env', '-dash.env', "it's/.env.example", 'd[1].env', 'e.env'].map((path, i) =>
    located(
      path,
      {
        rule: 'aws-access-key-id',
        line: i + 1,
        column: 5,
        endColumn: 25,
        masked: `AKIA…Q${i}RS`,
        maskedKeyId: keyId('AKIA', `Q${i}RS`),
      },
      `KEY=${idInLine()}`,
    ),
  );
}

const inCommit = (lf: LocatedFinding): LocatedFinding => ({ ...lf, commit: COMMIT });

const CASES: Array<[string, ScanResult]> = [
  ['staged-pair', result([pairFinding()])],
  ['files-paired-secret', result(pairedSecretFinding(), { source: 'files' })],
  ['staged-lone-secret', result([loneSecretFinding()])],
  [
    'staged-two-lone-secrets',
    result([
      loneSecretFinding(),
      { ...loneSecretFinding(), path: 'b.tfvars' },
      { ...loneSecretFinding(), path: 'c.tfvars' },
    ]),
  ],
  ['staged-temporary-only', result([temporaryKeyIdFinding(), sessionTokenFinding()])],
  ['staged-key-and-lone-secret', result([keyIdFinding(), loneSecretFinding()])],
  ['stdin-bedrock-long', result([{ ...bedrockLongFinding(), path: '-' }], { source: 'stdin' })],
  ['stdin-key-id', result([{ ...keyIdFinding(), path: '-' }], { source: 'stdin' })],
  ['files-bedrock-both', result([bedrockLongFinding(), bedrockShortFinding()], { source: 'files' })],
  ['staged-many-keys', result(manyKeys())],
  ['files-many-keys', result(manyKeys(), { source: 'files' })],
  ['commit-msg-key-id', result([{ ...keyIdFinding(), path: 'COMMIT_EDITMSG' }], { source: 'commit-msg' })],
  ['push-pair', { ...result([inCommit(pairFinding())], { source: 'push' }), commits: 2, rebaseOnto: 'origin/main' }],
  [
    'push-odd-onto',
    { ...result([inCommit(keyIdFinding())], { source: 'push' }), commits: 1, rebaseOnto: 'weird branch' },
  ],
  ['push-no-onto', { ...result([inCommit(temporaryKeyIdFinding())], { source: 'push' }), commits: 1 }],
  ['pre-receive-pair', { ...result([inCommit(pairFinding())], { source: 'pre-receive' }), commits: 1 }],
  [
    'history-renamed-env',
    {
      ...result(
        [
          { ...inCommit(pairFinding()), renamedTo: 'config/prod.env' },
          inCommit(keyIdFinding()),
          inCommit(sessionTokenFinding()),
        ],
        {
          source: 'history',
        },
      ),
      commits: 3,
    },
  ],
];

describe('remediation', () => {
  it.each(CASES)('%s: byte for byte as before', async (name, r) => {
    for (const [color, width] of [
      [false, 80],
      [true, 80],
      [false, 72],
    ] as const) {
      const text = `${remediation(r, createColors(color), width).join('\n')}\n`;
      await expect(text).toMatchFileSnapshot(
        `__snapshots__/remediation/${name}${color ? '.color' : ''}${width === 80 ? '' : `.${width}`}.txt`,
      );
    }
  });
});
