// A scope is one text the rules scan: the file itself, or a text decoded from it (a base64 blob, a
// string split into concatenated literals). Rules report candidates through their scope, which maps
// offsets back to the file, so a finding in decoded text points at the encoded text's line.
import { ALL_PREFIXES } from './catalog.js';
import { isPlausibleSecret, keyIdShape, type KeyIdShape, type SecretEvidence } from './shape.js';
import { SlotMemo } from './memo.js';
import type { Confidence } from './types.js';

export type CandidateKind = 'id' | 'secret' | 'token' | 'bedrock';

/** A value a rule found, positioned in the scanned file, before pairing turns candidates into findings. */
export interface Candidate {
  kind: CandidateKind;
  value: string;
  /** Offsets in the file (top-level text), [start, end). */
  start: number;
  end: number;
  confidence: Confidence;
  /** Secrets: named by a keyword (reported alone) or only seen near a key id (reported only as a pair). */
  labeled: boolean;
  /** Key ids that read like words (`ASIA` + `PACIFICSINGAPORE`): reported only when paired. */
  needsContext: boolean;
}

/** Answers "is there a value run in [from, to]?" for non-decreasing `from`, in O(1) amortized. */
export class RunCursor {
  private index = 0;

  constructor(private readonly runs: readonly number[]) {}

  any(from: number, to: number): boolean {
    while (this.index < this.runs.length && (this.runs[this.index] as number) < from) this.index++;
    return this.index < this.runs.length && (this.runs[this.index] as number) <= to;
  }
}

/** Sorted offsets of a pattern's matches, computed on first use, to answer "is there one near here?". */
export class Occurrences {
  private offsets: number[] | undefined;

  constructor(
    private readonly text: string,
    private readonly pattern: RegExp,
  ) {}

  near(offset: number, radius: number): boolean {
    const list = (this.offsets ??= this.collect());
    const at = this.firstNot((kept) => kept < offset - radius);
    return at < list.length && (list[at] as number) <= offset + radius;
  }

  /** The last kept offset at or before `offset`, or -1. */
  lastAtOrBefore(offset: number): number {
    const list = (this.offsets ??= this.collect());
    const at = this.firstNot((kept) => kept <= offset);
    return at > 0 ? (list[at - 1] as number) : -1;
  }

  /** Binary search over the sorted offsets: the index of the first one `before` is false for. */
  private firstNot(before: (kept: number) => boolean): number {
    const list = (this.offsets ??= this.collect());
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(list[mid] as number)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private collect(): number[] {
    const offsets: number[] = [];
    const re = new RegExp(this.pattern.source, `${this.pattern.flags.replace('g', '')}g`);
    let last = -Infinity;
    for (let m = re.exec(this.text); m !== null; m = re.exec(this.text)) {
      // Dense matches add nothing to a proximity test: keep one per 32 characters.
      if (m.index - last >= 32) {
        offsets.push(m.index);
        last = m.index;
      }
      if (m[0].length === 0) re.lastIndex++;
    }
    return offsets;
  }
}

// What makes a file "about AWS" for a label as generic as `secret_key`: AWS words, service and SDK
// names, region names, the key id prefixes the catalog marks so, access-key labels. Matched lazily,
// once per text.
const AWS_FLAVOUR = new RegExp(
  [
    /(?<![A-Za-z])(?:aws|AWS|Aws)|(?<=[a-z])(?:Aws|AWS)|amazon|Amazon|AMAZON|boto|(?<![A-Za-z0-9])[sS]3(?![A-Za-z0-9])/
      .source,
    /[aA]ccess[_.\- ]?[kK]ey|ACCESS[_.\- ]?KEY/.source,
    ...ALL_PREFIXES.filter(({ prefix }) => prefix.marksAwsText).map(({ prefix }) => prefix.text),
    /(?:us|eu|ap|ca|sa|me|af|il|mx)-(?:gov-)?(?:east|west|north|south|central|northeast|southeast|northwest|southwest)-[1-9]/
      .source,
  ].join('|'),
  'g',
);

const FLAVOUR_RADIUS = 1500;

/** `flavour(0)` of a scope of `text` without its inherited part: AWS words near its start. */
export function flavourNearStart(text: string): boolean {
  return new Occurrences(text, AWS_FLAVOUR).near(0, FLAVOUR_RADIUS);
}
// SealedSecret values (`encryptedData:` entries, ~700+ characters each): a key a few entries below the
// `encryptedData` line is still inside it.
const SEALED_DATA = /encryptedData/g;
const SEALED_RADIUS = 16_000;
/** Layers are decoded to this depth: the file is 0, a layer decoded from it 1, and so on. */
export const MAX_DEPTH = 3;

export interface ScopeOptions {
  path?: string | undefined;
}

/** State shared by a file's scopes: decoding budgets, and memoized shape checks. */
export interface Shared {
  decoded: number;
  joins: number;
  secrets: { keyword: SlotMemo<boolean>; 'nearby-id': SlotMemo<boolean> };
  keyIds: SlotMemo<KeyIdShape>;
}

/** The `valueRuns` of a scope the run scanner found none in (never written to). */
const NO_RUNS: number[] = [];

export class Scope {
  readonly candidates: Candidate[];
  /** Offsets (in this scope's text) of the key ids accepted here, for pairing without a label. */
  readonly keyIds: number[] = [];
  /**
   * Starts of runs of the alphabet at least 20 long (escapes included), in order: the only places a
   * keyword's value or an unlabeled secret can start. Set by the run scanner.
   */
  valueRuns: number[] = NO_RUNS;
  /** Ends of the runs in `valueRuns`, index for index. */
  valueRunEnds: number[] = NO_RUNS;
  /** Whether this is a Jupyter notebook's text (the file itself, not a layer decoded from it). */
  notebook = false;
  /**
   * Set by the base64 decoder when this text is one run of the base64 alphabet, [0, oneRun), with only
   * `=` after it and no run of letters and digits 20 to 22 long (a layer of a nested blob): what the
   * run scanner would find in it follows from that alone. -1 otherwise.
   */
  oneRun = -1;
  /** Word-like key ids without a label, pending until the runs around them are known. */
  readonly wordLikeIds: number[] = [];
  /** Made on first use: most scopes (hundreds of thousands of decoded blobs) never ask. */
  private flavourHits: Occurrences | undefined;
  private sealedHits: Occurrences | undefined;

  private constructor(
    readonly text: string,
    readonly depth: number,
    /** Maps a range of this text to the file, or undefined when the range must not be reported here. */
    private readonly mapRange: (start: number, end: number) => [number, number] | undefined,
    /** Whether the enclosing text is about AWS (or the path says so); asked lazily. */
    private readonly inheritedFlavour: () => boolean,
    candidates: Candidate[],
    readonly budget: Shared,
    /** Layers (encoded runs, concatenations) starting before this offset are not decoded here. */
    readonly layersFrom = 0,
  ) {
    this.candidates = candidates;
  }

  static root(text: string, options: ScopeOptions): Scope {
    const pathFlavour =
      options.path !== undefined &&
      /(?:^|[\\/])\.aws[\\/]|aws|amazon|boto|credentials|\.tfvars?$|\.tf$/i.test(options.path);
    const scope = new Scope(
      text,
      0,
      (s, e) => [s, e],
      () => pathFlavour,
      [],
      {
        decoded: 4 * text.length + (1 << 20),
        joins: 0,
        secrets: { keyword: new SlotMemo(), 'nearby-id': new SlotMemo() },
        keyIds: new SlotMemo(),
      },
    );
    scope.notebook = options.path !== undefined && /\.ipynb$/i.test(options.path);
    return scope;
  }

  get canDescend(): boolean {
    return this.depth < MAX_DEPTH;
  }

  /** A scope for `text` derived from this one; `map` takes child offsets to this scope's offsets. */
  child(
    text: string,
    map: (start: number, end: number) => [number, number] | undefined,
    at: number,
    layersFrom = 0,
  ): Scope {
    const parentMap = this.mapRange;
    return new Scope(
      text,
      this.depth + 1,
      (s, e) => {
        const mine = map(s, e);
        return mine ? parentMap(mine[0], mine[1]) : undefined;
      },
      () => this.flavour(at),
      this.candidates,
      this.budget,
      layersFrom,
    );
  }

  /**
   * A scope for `text`, decoded `levels` layers below this one through layers that held nothing but
   * the next (never made scopes): every range of it maps to `map`'s range in this text, and its
   * neighbourhood is about AWS when `skippedFlavour` says the skipped layers are, or this text is at `at`.
   */
  descendant(
    text: string,
    levels: number,
    map: (start: number, end: number) => [number, number] | undefined,
    at: number,
    skippedFlavour: () => boolean,
  ): Scope {
    const parentMap = this.mapRange;
    return new Scope(
      text,
      this.depth + levels,
      (s, e) => {
        const mine = map(s, e);
        return mine ? parentMap(mine[0], mine[1]) : undefined;
      },
      () => skippedFlavour() || this.flavour(at),
      this.candidates,
      this.budget,
    );
  }

  /** Whether a key id of this scope starts within `radius` of `offset` (keyIds is sorted). */
  hasKeyIdNear(offset: number, radius: number): boolean {
    const ids = this.keyIds;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ids[mid] as number) < offset - radius) lo = mid + 1;
      else hi = mid;
    }
    return lo < ids.length && (ids[lo] as number) <= offset + radius;
  }

  plausibleSecret(value: string, evidence: SecretEvidence): boolean {
    const memo = this.budget.secrets[evidence];
    let plausible = memo.get(value);
    if (plausible === undefined) {
      plausible = isPlausibleSecret(value, evidence);
      memo.set(value, plausible);
    }
    return plausible;
  }

  /** `keyIdShape` of the 16 characters at `start` of `text`, sliced only when the memo does not have them. */
  keyIdShapeAt(text: string, start: number): KeyIdShape {
    const memo = this.budget.keyIds;
    let shape = memo.getAt(text, start, start + 16);
    if (shape === undefined) {
      const suffix = text.slice(start, start + 16);
      shape = keyIdShape(suffix);
      memo.setLast(suffix, shape);
    }
    return shape;
  }

  keyIdShape(suffix: string): KeyIdShape {
    const memo = this.budget.keyIds;
    let shape = memo.get(suffix);
    if (shape === undefined) {
      shape = keyIdShape(suffix);
      memo.set(suffix, shape);
    }
    return shape;
  }

  /** Whether `offset` is in the `encryptedData` of a SealedSecret (bitnami): its values are ciphertext. */
  inSealedData(offset: number): boolean {
    return (this.sealedHits ??= new Occurrences(this.text, SEALED_DATA)).near(offset, SEALED_RADIUS);
  }

  /** Whether the text around `offset` is about AWS. */
  flavour(offset: number): boolean {
    return (
      (this.flavourHits ??= new Occurrences(this.text, AWS_FLAVOUR)).near(offset, FLAVOUR_RADIUS) ||
      this.inheritedFlavour()
    );
  }

  add(
    kind: CandidateKind,
    value: string,
    start: number,
    end: number,
    {
      confidence = 'high',
      labeled = true,
      needsContext = false,
    }: Partial<Pick<Candidate, 'confidence' | 'labeled' | 'needsContext'>> = {},
  ): void {
    const mapped = this.mapRange(start, end);
    if (!mapped) return;
    this.candidates.push({ kind, value, start: mapped[0], end: mapped[1], confidence, labeled, needsContext });
  }
}
