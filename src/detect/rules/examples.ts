// Every rule carries its own true- and false-positive examples (the gitleaks habit), built at run time
// from fakes the caller supplies: no credential-shaped literal is ever written in this repository, which
// must pass its own scanner. test/unit/detect/rule-examples.test.ts runs them all.
import type { RuleId } from '../types.js';

/** Run-time generators of fake credentials (test/support/fake-credentials.ts implements them). */
export interface ExampleFakes {
  /** A random access key id with the given 4-character prefix (default: the long-term one). */
  keyId(prefix?: string): string;
  /** 40 random characters of the secret alphabet, with upper, lower and digits. */
  secret(): string;
  sessionToken(): string;
  /** A session token as STS issues it: a known header, then a varint whose bytes make a `//////////` run. */
  stsSessionToken(): string;
  bedrockKey(): string;
  bedrockShortTermKey(): string;
  /** Key id prefixes, assembled at run time. */
  prefix: { long: string; session: string; bearer: string; context: string };
  /** A random string of the given alphabet. */
  random(alphabet: string, length: number): string;
}

export interface PositiveExample {
  name: string;
  text: string;
  /** The rule expected, on `line` (1-based). */
  rule: RuleId;
  line: number;
  path?: string;
}

export interface NegativeExample {
  name: string;
  text: string;
  path?: string;
}

export interface RuleExamples {
  positives(fake: ExampleFakes): PositiveExample[];
  negatives(fake: ExampleFakes): NegativeExample[];
}
