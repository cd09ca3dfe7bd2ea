// The generated corpus: every positive file yields exactly its expected findings (rule + line), every
// hard negative yields none.
import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/detect/index.js';
import { generateCorpus, type CorpusFile } from '../../support/corpus.js';

const SEEDS = [11, 22, 33];

function summary(file: CorpusFile): string[] {
  return detect(file.text, { path: file.path })
    .map((f) => `${f.rule}@${f.line}`)
    .sort();
}

function expected(file: CorpusFile): string[] {
  return file.expected.map((e) => `${e.rule}@${e.line}`).sort();
}

describe.each(SEEDS)('corpus seed %i', (seed) => {
  const { positives, negatives } = generateCorpus(seed, 3);

  it.each(positives.map((f, i) => [`${f.template} #${i}`, f] as const))('positive %s', (_name, file) => {
    expect(summary(file), `${file.path}:\n${file.text}`).toEqual(expected(file));
  });

  it.each(negatives.map((f, i) => [`${f.template} #${i}`, f] as const))('negative %s', (_name, file) => {
    expect(summary(file), `${file.path}:\n${file.text}`).toEqual([]);
  });
});
