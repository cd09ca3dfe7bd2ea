// The AWS account an access key id belongs to, decoded offline.
//
// After the 4-character prefix, an id is base32 (A-Z2-7). In ids issued since about 2019 the first bit
// of what follows is 1, and the next 40 bits are the account number: take the first 6 decoded bytes as a
// 48-bit number, mask with 0x7fffffffff80, shift right by 7. Ids of the older generation (`AKIAI...`,
// `AKIAJ...`, first bit 0) do not carry the account. Method: Aidan Steele, "AWS Access Key ID formats"
// (2020) and Tal Be'ery, "A short note on AWS KEY ID" (2021); the generation bit: WithSecure Labs,
// "A bitwise analysis of AWS access key identifiers" (2023).

import { prefixesOf } from './catalog.js';
import { BASE32_ALPHABET } from './char-class.js';

/** The value of each character of a key id after its prefix (RFC 4648 base32, A-Z2-7), or -1. */
const BASE32_VALUE = new Int8Array(128).fill(-1);
for (const [i, c] of [...BASE32_ALPHABET].entries()) BASE32_VALUE[c.charCodeAt(0)] = i;

/** Prefixes of ids issued before the account was encoded in them. */
const NO_ACCOUNT = prefixesOf('aws-access-key-id')
  .filter((p) => p.noAccount === true)
  .map((p) => p.text);

function base32At(keyId: string, i: number): number {
  const c = keyId.charCodeAt(i);
  return c < 128 ? (BASE32_VALUE[c] as number) : -1;
}

/** The 12-digit account id, or undefined for old-generation or malformed ids. */
export function accountIdFromKeyId(keyId: string): string | undefined {
  if (keyId.length !== 20) return undefined;
  for (const p of NO_ACCOUNT) if (keyId.startsWith(p)) return undefined;
  // Only ids of the real alphabet carry an account (a made-up [A-Z0-9] id decodes to nothing meaningful).
  for (let i = 14; i < 20; i++) if (base32At(keyId, i) < 0) return undefined;
  // 10 base32 characters hold the first 50 bits; 48 are needed.
  let bits = 0;
  for (let i = 4; i < 14; i++) {
    const v = base32At(keyId, i);
    if (v < 0) return undefined;
    bits = bits * 32 + v; // < 2^50: exact in a double
  }
  const first48 = Math.floor(bits / 4);
  const generation = Math.floor(first48 / 2 ** 47);
  if (generation !== 1) return undefined;
  const account = Math.floor((first48 % 2 ** 47) / 128);
  if (account > 999_999_999_999) return undefined;
  return twelveDigits(account);
}

/** The digits of `twelveDigits`, reused. */
const DIGITS = new Uint8Array(12);

/**
 * `String(n).padStart(12, '0')` for 0 <= n < 10^12, as one string from its digits (a file made of key
 * ids asks this hundreds of thousands of times; the number is not a small integer, so `String` is slow).
 */
function twelveDigits(n: number): string {
  let high = Math.floor(n / 1_000_000);
  let low = n - high * 1_000_000;
  const d = DIGITS;
  for (let i = 11; i >= 6; i--) {
    d[i] = 48 + (low % 10);
    low = Math.floor(low / 10);
  }
  for (let i = 5; i >= 0; i--) {
    d[i] = 48 + (high % 10);
    high = Math.floor(high / 10);
  }
  return String.fromCharCode(
    d[0] as number,
    d[1] as number,
    d[2] as number,
    d[3] as number,
    d[4] as number,
    d[5] as number,
    d[6] as number,
    d[7] as number,
    d[8] as number,
    d[9] as number,
    d[10] as number,
    d[11] as number,
  );
}
