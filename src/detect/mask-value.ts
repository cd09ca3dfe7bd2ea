// The masked forms a finding carries (detect/findings.ts picks one by its rule's `mask` in the catalog).
// These functions are the whole of value masking; report/mask.ts masks source lines the same way.
import { prefixesOf } from './catalog.js';

/** Key ids keep their 4-letter prefix and last 4 characters, which is what the IAM console shows. */
export function maskKeyId(id: string): string {
  return `${id.slice(0, 4)}…${id.slice(-4)}`;
}

/** Secrets keep at most their first 4 characters, and say their length. */
export function maskSecret(secret: string): string {
  return `${secret.slice(0, Math.min(4, Math.floor(secret.length / 5)))}…(${secret.length} chars)`;
}

/** An access key id in the parts a report may show: what the IAM console shows, and its kind. */
export interface MaskedKeyId {
  /** The masked form, as shown everywhere (`AKIA…7Q2X`). */
  readonly masked: string;
  /** The first 4 characters (`AKIA`, `ASIA`, `A3T` and the one after it). */
  readonly prefix: string;
  readonly last4: string;
  /** Issued for a session (`ASIA` from STS, and the other short-lived kinds): it expires on its own. */
  readonly temporary: boolean;
}

/** The catalog's key id prefixes, each 4-character one with the head of its masked ids (`AKIA…`), made once. */
const KEY_ID_PREFIXES = prefixesOf('aws-access-key-id').map((p) => ({
  text: p.text,
  temporary: p.temporary === true,
  head: p.text.length === 4 ? `${p.text}…` : undefined,
}));

/** The parts of a raw access key id that may be shown. */
export function maskedKeyIdOf(id: string): MaskedKeyId {
  const last4 = id.slice(-4);
  let known: (typeof KEY_ID_PREFIXES)[number] | undefined;
  for (const p of KEY_ID_PREFIXES) {
    if (id.startsWith(p.text)) {
      known = p;
      break;
    }
  }
  // The catalog's own strings for a 4-character prefix: fewer strings made per finding.
  if (known?.head !== undefined)
    return { masked: known.head + last4, prefix: known.text, last4, temporary: known.temporary };
  return { masked: maskKeyId(id), prefix: id.slice(0, 4), last4, temporary: known?.temporary === true };
}
