// Types of adversarial.mjs, for the unit tests that import it.
export interface Generator {
  next(): number;
  random(alphabet: string, length: number): string;
  secret(): string;
  keyId(prefix?: string): string;
  accept: ((line: string, rule: string, count: number) => boolean) | undefined;
}
export interface Family {
  name: string;
  target: string;
  path?: string;
  findingBound?: boolean;
  make(size: number, g: Generator): { text: string; expected: string[] };
}
export const FAMILIES: readonly Family[];
export const BASE32_ALPHABET: string;
export const BASE64: string;
export function generator(seed?: number): Generator;
export function checkedGenerator(detect: (text: string) => ReadonlyArray<{ rule: string }>, seed?: number): Generator;
export function ordinarySource(
  readFileSync: (path: string, encoding: 'utf8') => string,
  root: string,
  size: number,
): string;
