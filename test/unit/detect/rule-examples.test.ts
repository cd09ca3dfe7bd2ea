// One generic test for every rule's own true- and false-positive examples (the gitleaks habit).
import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/detect/index.js';
import { RULE_EXAMPLES } from '../../../src/detect/rules/index.js';
import { exampleFakes, seededRandom } from '../../support/fake-credentials.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe.each(Object.entries(RULE_EXAMPLES))('%s', (rule, examples) => {
  const names = examples.positives(exampleFakes(seededRandom(0))).map((e) => e.name);
  it.each(names)('finds: %s', (name) => {
    for (const seed of SEEDS) {
      const example = examples.positives(exampleFakes(seededRandom(seed))).find((e) => e.name === name);
      if (!example) throw new Error(`no example ${name}`);
      const found = detect(example.text, example.path !== undefined ? { path: example.path } : {});
      const summary = found.map((f) => `${f.rule}@${f.line}`);
      expect(summary, `seed ${seed}:\n${example.text}`).toContain(`${example.rule}@${example.line}`);
      expect(found.filter((f) => f.rule === rule).length, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  const negatives = examples.negatives(exampleFakes(seededRandom(0))).map((e) => e.name);
  it.each(negatives)('ignores: %s', (name) => {
    for (const seed of SEEDS) {
      const example = examples.negatives(exampleFakes(seededRandom(seed))).find((e) => e.name === name);
      if (!example) throw new Error(`no example ${name}`);
      const found = detect(example.text, example.path !== undefined ? { path: example.path } : {});
      expect(
        found.map((f) => `${f.rule}@${f.line}`),
        `seed ${seed}:\n${example.text}`,
      ).toEqual([]);
    }
  });
});
