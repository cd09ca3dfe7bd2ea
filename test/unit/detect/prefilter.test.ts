// The prefilter may only skip texts the full pass finds nothing in: every rule example and corpus file
// with a finding passes it, and no piece of any of them (lines, slices) that it rejects has a finding.
import { describe, expect, it } from 'vitest';
import { detectWithoutPrefilter } from '../../../src/detect/index.js';
import {
  hasLongRun,
  hasLongRunInUtf8,
  ID,
  ID_RUN,
  mayHoldCredentials,
  mayHoldCredentialsInUtf8,
  PREFILTER_RUN,
  Utf8Screen,
} from '../../../src/detect/prefilter.js';
import { RULE_EXAMPLES } from '../../../src/detect/rules/index.js';
import { generateCorpus } from '../../support/corpus.js';
import { exampleFakes, seededRandom } from '../../support/fake-credentials.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

interface Sample {
  name: string;
  text: string;
  path?: string;
}

function samples(): { positives: Sample[]; all: Sample[] } {
  const positives: Sample[] = [];
  const all: Sample[] = [];
  for (const seed of SEEDS) {
    for (const [rule, examples] of Object.entries(RULE_EXAMPLES)) {
      for (const e of examples.positives(exampleFakes(seededRandom(seed)))) {
        const s = {
          name: `${rule} ${e.name} seed ${seed}`,
          text: e.text,
          ...(e.path !== undefined ? { path: e.path } : {}),
        };
        positives.push(s);
        all.push(s);
      }
      for (const e of examples.negatives(exampleFakes(seededRandom(seed)))) {
        all.push({
          name: `${rule} negative ${e.name} seed ${seed}`,
          text: e.text,
          ...(e.path !== undefined ? { path: e.path } : {}),
        });
      }
    }
  }
  for (const seed of [11, 22, 33]) {
    const corpus = generateCorpus(seed, 3);
    for (const [i, f] of corpus.positives.entries()) {
      const s = { name: `corpus ${f.template} #${i} seed ${seed}`, text: f.text, path: f.path };
      if (f.expected.length > 0) positives.push(s);
      all.push(s);
    }
    for (const [i, f] of corpus.negatives.entries())
      all.push({ name: `corpus negative ${f.template} #${i} seed ${seed}`, text: f.text, path: f.path });
  }
  return { positives, all };
}

const { positives, all } = samples();

describe('prefilter', () => {
  it('passes every rule example and corpus file with a finding', () => {
    expect(positives.length).toBeGreaterThan(100);
    for (const s of positives) {
      expect(
        detectWithoutPrefilter(s.text, s.path !== undefined ? { path: s.path } : {}).length,
        s.name,
      ).toBeGreaterThan(0);
      expect(mayHoldCredentials(s.text), s.name).toBe(true);
      expect(mayHoldCredentialsInUtf8(Buffer.from(s.text, 'utf8')), s.name).toBe(true);
    }
  });

  it('rejects only pieces of examples and corpus files the full pass finds nothing in', () => {
    const random = seededRandom(99);
    let rejected = 0;
    for (const s of all) {
      const options = s.path !== undefined ? { path: s.path } : {};
      const pieces = s.text.split('\n');
      for (let k = 0; k < 20; k++) {
        const a = Math.floor(random() * s.text.length);
        pieces.push(s.text.slice(a, a + 1 + Math.floor(random() * 200)));
      }
      for (const piece of pieces) {
        const bytes = Buffer.from(piece, 'utf8');
        expect(mayHoldCredentialsInUtf8(bytes), `${s.name}: ${JSON.stringify(piece)}`).toBe(mayHoldCredentials(piece));
        const screen = new Utf8Screen();
        let answer = false;
        for (let start = 0; start < bytes.length; ) {
          const end = Math.min(bytes.length, start + 1 + Math.floor(random() * 16));
          answer = screen.advance(bytes.subarray(start, end));
          start = end;
        }
        expect(answer, `pieces of ${JSON.stringify(piece)}`).toBe(mayHoldCredentials(piece));
        if (mayHoldCredentials(piece)) continue;
        rejected++;
        expect(detectWithoutPrefilter(piece, options), `${s.name}: ${JSON.stringify(piece)}`).toEqual([]);
      }
    }
    expect(rejected).toBeGreaterThan(100);
  });

  it('finds long runs exactly like a regular expression', () => {
    const random = seededRandom(7);
    const alphabet = 'aZ9+/%\\ .-"\n\u00e9';
    const re = new RegExp(`[A-Za-z0-9+/%\\\\]{${PREFILTER_RUN}}`);
    for (let k = 0; k < 3000; k++) {
      let text = '';
      const length = Math.floor(random() * 120);
      // Mostly run characters, so that runs just shorter and just longer than the limit are common.
      for (let i = 0; i < length; i++)
        text +=
          random() < 0.85
            ? alphabet[Math.floor(random() * 5)]
            : alphabet[5 + Math.floor(random() * (alphabet.length - 5))];
      expect(hasLongRun(text, PREFILTER_RUN), JSON.stringify(text)).toBe(re.test(text));
      expect(hasLongRunInUtf8(Buffer.from(text, 'utf8'), PREFILTER_RUN), JSON.stringify(text)).toBe(re.test(text));
    }
  });

  it('finds long runs of key id characters exactly like a regular expression', () => {
    const random = seededRandom(8);
    const alphabet = 'Q7Z2a+ \u00c9';
    const re = new RegExp(`[A-Z0-9]{${ID_RUN}}`);
    let found = 0;
    for (let k = 0; k < 3000; k++) {
      let text = '';
      const length = Math.floor(random() * 100);
      for (let i = 0; i < length; i++)
        text +=
          random() < 0.93
            ? alphabet[Math.floor(random() * 4)]
            : alphabet[4 + Math.floor(random() * (alphabet.length - 4))];
      if (re.test(text)) found++;
      expect(hasLongRun(text, ID_RUN, ID), JSON.stringify(text)).toBe(re.test(text));
      expect(hasLongRunInUtf8(Buffer.from(text, 'utf8'), ID_RUN, ID), JSON.stringify(text)).toBe(re.test(text));
    }
    // Both answers are common, so the comparison means something.
    expect(found).toBeGreaterThan(300);
    expect(found).toBeLessThan(2700);
  });

  it('answers the same for bytes as for the text they decode to, malformed UTF-8 included', () => {
    const random = seededRandom(5);
    const units = ['a', 'Z', '9', '+', '/', '%', '\\', '"', "'", '`', ' ', '\n', '.', '&', '|'];
    for (let k = 0; k < 3000; k++) {
      const parts: Buffer[] = [];
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) {
        const r = random();
        if (r < 0.8) parts.push(Buffer.from(units[Math.floor(random() * units.length)] as string));
        else if (r < 0.9)
          parts.push(Buffer.from('\u00e9\u20ac\ud83d\ude00'.slice(0, 1 + Math.floor(random() * 4)), 'utf8'));
        else parts.push(Buffer.from([0x80 + Math.floor(random() * 128)]));
      }
      // Sometimes a run just around the limit.
      const run = random();
      if (run < 0.5)
        for (let i = PREFILTER_RUN - 1 + Math.floor(random() * 3); i > 0; i--)
          parts.push(Buffer.from(random() < 0.5 ? 'b' : '+'));
      // Or a run of key id characters just around its limit.
      else if (run < 0.75)
        for (let i = ID_RUN - 1 + Math.floor(random() * 3); i > 0; i--)
          parts.push(Buffer.from(random() < 0.5 ? 'Q' : '7'));
      const bytes = Buffer.concat(parts);
      const whole = mayHoldCredentials(bytes.toString('utf8'));
      expect(mayHoldCredentialsInUtf8(bytes), bytes.toString('hex')).toBe(whole);
      // In pieces, as a blob streams in (pieces of 0 to 4 bytes, so that runs and quotes straddle them).
      const screen = new Utf8Screen();
      let answer = false;
      for (let start = 0; start < bytes.length; ) {
        const end = Math.min(bytes.length, start + Math.floor(random() * 5));
        answer = screen.advance(bytes.subarray(start, end));
        start = end;
      }
      expect(answer, `pieces of ${bytes.toString('hex')}`).toBe(whole);
    }
  });

  it('in pieces of any size: runs that start inside a piece, after the run the previous piece ended with', () => {
    const random = seededRandom(9);
    let held = 0;
    for (let k = 0; k < 2000; k++) {
      let text = '';
      const length = Math.floor(random() * 160);
      for (let i = 0; i < length; i++)
        text +=
          random() < 0.87
            ? ('bQ7+' as string)[Math.floor(random() * 4)]
            : (' .\n"' as string)[Math.floor(random() * 4)];
      const bytes = Buffer.from(text);
      const whole = mayHoldCredentials(text);
      if (whole) held++;
      const screen = new Utf8Screen();
      let answer = false;
      for (let start = 0; start < bytes.length; ) {
        const end = Math.min(bytes.length, start + 1 + Math.floor(random() * 80));
        answer = screen.advance(bytes.subarray(start, end));
        start = end;
      }
      expect(answer, JSON.stringify(text)).toBe(whole);
    }
    // Both answers are common, so the comparison means something.
    expect(held).toBeGreaterThan(400);
    expect(held).toBeLessThan(1600);
  });

  it('looks at the text once: a 10 MB text of runs just too short takes milliseconds', () => {
    const text = 'abcdefghijk '.repeat(900_000);
    expect(mayHoldCredentials(text)).toBe(false);
    expect(mayHoldCredentialsInUtf8(Buffer.from(text))).toBe(false);
  });
});
