// The raw diff parser is pure: it is fed git's bytes as a test string, NUL bytes and all.
import { describe, expect, it } from 'vitest';
import { isNullOid, isRegularFileMode, parseRawDiff } from '../../../src/git/parse-raw-diff.js';
import { planBlobReads } from '../../../src/git/staged-changes.js';

const Z40 = '0'.repeat(40);
const oid = (c: string, length = 40) => c.repeat(length);
const raw = (...records: string[]) => Buffer.from(records.join(''), 'utf8');

describe('parseRawDiff', () => {
  it('parses the sample in its comment: copies, deletions, type changes, mode changes, renames, odd names', () => {
    const out = raw(
      `:100644 100644 ${oid('a')} ${oid('a')} C100\0keep.txt\0copy.txt\0`,
      `:100644 000000 ${oid('b')} ${Z40} D\0gone.txt\0`,
      `:100644 100644 ${oid('a')} ${oid('c')} M\0keep.txt\0`,
      `:120000 100644 ${oid('d')} ${oid('e')} T\0link\0`,
      `:100644 100755 ${oid('f')} ${oid('f')} M\0mode.sh\0`,
      `:100644 100644 ${oid('1')} ${oid('1')} R100\0old-name.txt\0new name.txt\0`,
      `:000000 100644 ${Z40} ${oid('2')} A\0tab\there\0`,
    );
    const changes = parseRawDiff(out);
    expect(changes.map((c) => [c.status, c.score, c.sourcePath, c.path])).toEqual([
      ['C', 100, 'keep.txt', 'copy.txt'],
      ['D', undefined, undefined, 'gone.txt'],
      ['M', undefined, undefined, 'keep.txt'],
      ['T', undefined, undefined, 'link'],
      ['M', undefined, undefined, 'mode.sh'],
      ['R', 100, 'old-name.txt', 'new name.txt'],
      ['A', undefined, undefined, 'tab\there'],
    ]);
    expect(changes[3]).toMatchObject({ srcMode: '120000', dstMode: '100644', srcOid: oid('d'), dstOid: oid('e') });
  });

  it('keeps paths verbatim: newlines, quotes, spaces, non-ASCII, a leading colon', () => {
    const names = ['line\nbreak.txt', 'say "hi".txt', "it's.txt", 'ünïcødé 日本.txt', ':colon', ' lead space'];
    const out = raw(...names.map((n) => `:000000 100644 ${Z40} ${oid('3')} A\0${n}\0`));
    expect(parseRawDiff(out).map((c) => c.path)).toEqual(names);
  });

  it('reads SHA-256 object ids (64 hex digits)', () => {
    const out = raw(`:100644 100644 ${oid('a', 64)} ${oid('b', 64)} M\0f\0`);
    expect(parseRawDiff(out)[0]).toMatchObject({ srcOid: oid('a', 64), dstOid: oid('b', 64) });
  });

  it('is empty for no output, and rejects what is not raw -z output', () => {
    expect(parseRawDiff(Buffer.alloc(0))).toEqual([]);
    expect(() => parseRawDiff(raw('diff --git a/f b/f\n'))).toThrow(/unexpected/);
    expect(() => parseRawDiff(raw(`:100644 100644 ${oid('a')} ${oid('b')} M\0f`))).toThrow(/unexpected end/);
    expect(() => parseRawDiff(raw(`:100644 100644 ${oid('a')} ${oid('b')} R090\0only-one\0`))).toThrow(
      /unexpected end/,
    );
  });

  it('helpers: null ids and regular file modes', () => {
    expect(isNullOid(Z40)).toBe(true);
    expect(isNullOid('0'.repeat(64))).toBe(true);
    expect(isNullOid(oid('a'))).toBe(false);
    expect(['100644', '100755', '100664'].every(isRegularFileMode)).toBe(true);
    expect(['120000', '160000', '000000', '040000'].some(isRegularFileMode)).toBe(false);
  });
});

describe('planBlobReads', () => {
  it('reads added, modified, renamed, copied (all lines added), type-changed and symlink entries; skips the rest', () => {
    const changes = parseRawDiff(
      raw(
        `:000000 100644 ${Z40} ${oid('1')} A\0added\0`,
        `:100644 100644 ${oid('2')} ${oid('3')} M\0modified\0`,
        `:100644 100644 ${oid('4')} ${oid('5')} R087\0from\0renamed\0`,
        `:100644 100644 ${oid('6')} ${oid('7')} C075\0source\0copied\0`,
        `:120000 100644 ${oid('8')} ${oid('9')} T\0was-a-link\0`,
        `:100644 120000 ${oid('a')} ${oid('b')} T\0now-a-link\0`,
        `:000000 120000 ${Z40} ${oid('c')} A\0new-link\0`,
        `:000000 160000 ${Z40} ${oid('d')} A\0submodule\0`,
        `:160000 160000 ${oid('e')} ${oid('f')} M\0bumped-submodule\0`,
        `:100644 000000 ${oid('2')} ${Z40} D\0deleted\0`,
        `:100644 100644 ${oid('4')} ${oid('4')} R100\0pure\0rename\0`,
        `:100644 100755 ${oid('5')} ${oid('5')} M\0chmod\0`,
        `:000000 000000 ${Z40} ${Z40} U\0conflicted\0`,
      ),
    );
    expect(planBlobReads(changes)).toEqual([
      { path: 'added', newOid: oid('1'), oldOid: undefined },
      { path: 'modified', newOid: oid('3'), oldOid: oid('2') },
      { path: 'renamed', newOid: oid('5'), oldOid: oid('4'), sourcePath: 'from' },
      { path: 'copied', newOid: oid('7'), oldOid: undefined },
      { path: 'was-a-link', newOid: oid('9'), oldOid: undefined },
      { path: 'now-a-link', newOid: oid('b'), oldOid: undefined },
      { path: 'new-link', newOid: oid('c'), oldOid: undefined },
    ]);
  });
});
