// One long-lived `git cat-file --batch` process reads every blob keyguard needs
// (https://git-scm.com/docs/git-cat-file#_batch_output). Object ids go in on stdin, one per line; for each
// one git answers
//
//   <oid> SP <type> SP <size> LF
//   <contents: exactly <size> bytes>
//   LF
//
// or `<oid> SP missing LF`. The answers are parsed incrementally from the stdout stream, and a blob the
// caller does not want (binary, LFS pointer) is read past without being kept. A wanted body is copied
// into one buffer of its exact size, once: as it streams in, or, when a screen looks at it first, from
// the pieces held until the screen passes it (never, for most big blobs: see `body`).
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { GitSetupError } from './errors.js';
import { startGit, stopGit, type GitContext, type GitProcess } from './exec.js';

export interface ObjectHeader {
  oid: string;
  /** `blob`, `tree`, ...; `missing` when the repository does not have the object. */
  type: string;
  size: number;
}

/**
 * Pulls bytes from a stream on demand. The stream flows so that the pipe is drained as fast as git fills
 * it; an async iterator instead reads one 16 KB buffer-full at a time and makes git wait on every chunk,
 * which leaves the pipe idle (docs/performance.md). Backpressure is kept by pausing the stream while more
 * than HIGH_WATER bytes wait to be read. `waiting` is told when the reader waits for bytes that are not
 * there yet (never while the stream is paused: it waits only once the queue is empty, and the stream is
 * resumed before that), for git's watchdog (exec.ts).
 *
 * Where it can, the reader has git's output read into buffers of its own that it uses again (`slab`)
 * instead of Node's 'data' chunks: each chunk is memory the process never touched before, left for the
 * garbage collector, and for tens of megabytes streaming in, the system's handing out those pages and
 * the collections cost more than the rest of the reading (docs/performance.md). Node offers reading into
 * a buffer of one's own (`onread`) only to a socket it creates, while a child's output pipe comes as a
 * socket Node created: once TAKE_OVER_AFTER bytes have come, the reader hands that socket's handle
 * (`_handle`, not a public property) to a socket of its own made with `onread` (see `takeOver`). When the
 * handle is not there or not as expected, it goes on reading the 'data' chunks. A piece handed out by
 * `read` is then valid only until the reader moves on, unless the caller `retain`s the pieces it keeps.
 */
class StreamReader {
  private static readonly HIGH_WATER = 2 * 1024 * 1024;
  /**
   * Bytes read as Node's chunks before the reader takes the handle over: a small commit's few answers
   * cost no socket and no buffers of the reader's own.
   */
  private static readonly TAKE_OVER_AFTER = 256 * 1024;
  /** Size of a buffer git's output is read into (libuv's own read size). */
  private static readonly SLAB = 64 * 1024;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private chunk: Buffer = Buffer.alloc(0);
  private offset = 0;
  private ended = false;
  private wake: (() => void) | undefined;
  /** Told each time another `every` bytes have been taken off the queue (see `CatFileBatch.everyBytes`). */
  tick: { every: number; since: number; call: () => void } | undefined;
  /** The socket reading into the reader's buffers, once `takeOver` made one. */
  private own: Socket | undefined;
  /** Buffers read out and free to be read into again. */
  private readonly free: ArrayBuffer[] = [];
  /** While a caller keeps pieces (`retain`): buffers read out but not yet free. */
  private kept: ArrayBuffer[] | undefined;
  private paused = false;

  constructor(
    private readonly source: Readable,
    private readonly waiting: (on: boolean) => void = () => {},
  ) {
    const end = () => {
      this.ended = true;
      this.wake?.();
    };
    let delivered = 0;
    let tryTakeOver = true;
    const onData = (data: Buffer) => {
      this.push(data);
      if (this.queued > StreamReader.HIGH_WATER) this.pause();
      else if (tryTakeOver && (delivered += data.length) >= StreamReader.TAKE_OVER_AFTER) {
        const own = this.takeOver(end);
        if (own === 'later') return;
        tryTakeOver = false;
        if (!own) return;
        this.own = own;
        source.off('data', onData);
      }
    };
    source.on('data', onData);
    source.on('end', end);
    source.on('close', end);
    source.on('error', end);
  }

  /** Whether git's output is now read into the reader's own buffers (see the class). */
  get reusesBuffers(): boolean {
    return this.own !== undefined;
  }

  /**
   * A socket of the reader's own on `source`'s handle, reading into `slab`s from the next read on;
   * undefined when the handle is not a stream handle that can read into a given buffer (then `source` is
   * read as it is), 'later' while `source` holds data not yet delivered (paused). Called from a 'data'
   * event, so that every byte read so far has been delivered. The one handle stays `source`'s to close:
   * the new socket, when destroyed (after the end of the output, or on a read error), destroys `source`,
   * which closes the handle and emits the 'close' the child process waits for.
   */
  private takeOver(end: () => void): Socket | 'later' | undefined {
    const source = this.source;
    const handle = (source as { _handle?: { useUserBuffer?: unknown; readStart?: unknown } | null })._handle;
    if (
      !(source instanceof Socket) ||
      typeof handle !== 'object' ||
      handle === null ||
      typeof handle.useUserBuffer !== 'function' ||
      typeof handle.readStart !== 'function' ||
      source.destroyed
    )
      return undefined;
    if (source.readableLength > 0 || source.isPaused()) return 'later';
    let own: Socket;
    try {
      own = new Socket({
        handle,
        readable: true,
        writable: false,
        onread: {
          buffer: () => this.slab(),
          callback: (length: number, buffer: Uint8Array) => {
            this.push((buffer as Buffer).subarray(0, length));
            if (this.queued <= StreamReader.HIGH_WATER) return true;
            this.paused = true;
            return false;
          },
        },
      } as ConstructorParameters<typeof Socket>[0]);
    } catch {
      return undefined;
    }
    own._destroy = (error, callback) => {
      source.destroy(error ?? undefined);
      callback(error);
    };
    own.on('end', end);
    own.on('error', end);
    return own;
  }

  /** A buffer for the next read of git's output: a free one, else a new one. */
  private slab(): Buffer {
    const free = this.free.pop();
    return free ? Buffer.from(free, 0, StreamReader.SLAB) : Buffer.allocUnsafeSlow(StreamReader.SLAB);
  }

  private push(data: Buffer): void {
    this.queue.push(data);
    this.queued += data.length;
    this.wake?.();
  }

  private pause(): void {
    this.paused = true;
    this.source.pause();
  }

  private resume(): void {
    this.paused = false;
    (this.own ?? this.source).resume();
  }

  /** From now until `release`, the pieces `read` hands out stay valid after the reader moves on. */
  retain(): void {
    this.kept ??= [];
  }

  /** The caller no longer keeps any piece: their buffers are free to be read into again. */
  release(): void {
    if (this.kept) this.free.push(...this.kept);
    this.kept = undefined;
  }

  /** The current chunk is read out: its buffer, when it is one of the reader's own, is free (or kept). */
  private done(chunk: Buffer): void {
    if (!this.own || chunk.byteOffset !== 0 || chunk.buffer.byteLength !== StreamReader.SLAB) return;
    (this.kept ?? this.free).push(chunk.buffer as ArrayBuffer);
  }

  /** Makes sure unread bytes are available; false at the end of the stream. */
  private async fill(): Promise<boolean> {
    while (this.offset >= this.chunk.length) {
      const next = this.queue.shift();
      if (next) {
        this.queued -= next.length;
        if (this.paused && this.queued <= StreamReader.HIGH_WATER / 4) this.resume();
        this.done(this.chunk);
        this.chunk = next;
        this.offset = 0;
        const tick = this.tick;
        if (tick && (tick.since += next.length) >= tick.every) {
          tick.since = 0;
          tick.call();
        }
        continue;
      }
      if (this.ended) return false;
      this.waiting(true);
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.waiting(false);
      this.wake = undefined;
    }
    return true;
  }

  /** The next line without its LF, or undefined at the end of the stream. */
  async line(): Promise<string | undefined> {
    let text = '';
    for (;;) {
      // fill() only when the current chunk is used up: most lines and pieces are in it already.
      if (this.offset >= this.chunk.length && !(await this.fill())) return text === '' ? undefined : text;
      const end = this.chunk.indexOf(0x0a, this.offset);
      if (end !== -1) {
        text += this.chunk.toString('latin1', this.offset, end);
        this.offset = end + 1;
        return text;
      }
      text += this.chunk.toString('latin1', this.offset);
      this.offset = this.chunk.length;
    }
  }

  /** Hands the next `length` bytes to `sink` piece by piece (without copying); false if the stream ended first. */
  async read(length: number, sink: (piece: Buffer) => void): Promise<boolean> {
    let left = length;
    while (left > 0) {
      if (this.offset >= this.chunk.length && !(await this.fill())) return false;
      const take = Math.min(left, this.chunk.length - this.offset);
      sink(this.chunk.subarray(this.offset, this.offset + take));
      this.offset += take;
      left -= take;
    }
    return true;
  }
}

/** Sees a body piece by piece; true once the body is wanted after all (see `CatFileBatch.body`). */
export interface Screen {
  advance(piece: Uint8Array): boolean;
}

interface BodyOptions {
  probe?: number;
  keep?: (head: Buffer) => boolean;
  /**
   * Asked once `keep` has seen the head: whether to keep a screened body (copy its pieces) until the
   * screen passes it (default) or only screen them. Without them, a body the screen passes late is read again
   * from git: for blobs the screen almost never passes (binaries), holding tens of megabytes costs
   * more than reading the rare one twice.
   */
  hold?: () => boolean;
}

/** `CatFileBatch.body`'s answer for a body its screen never passed. */
export const SCREENED: unique symbol = Symbol('screened');

/** Bodies of this size and more get a buffer of their own, kept for the next body when screened. */
const SPARE_MIN = 1 << 20;
/** A screened body's pieces are held, not copied, up to this many bytes (see `body`). */
const HOLD_MAX = SPARE_MIN;

export class CatFileBatch {
  private readonly reader: StreamReader;
  private closed = false;
  /** A big body's buffer, no longer used (see `buffer`). */
  private spare: Buffer | undefined;

  /** Reads the answers of `git`, a `git cat-file --batch` process the caller already started. */
  constructor(
    private readonly git: GitProcess,
    private readonly context: GitContext,
  ) {
    this.reader = new StreamReader(this.git.child.stdout, (on) => this.git.waiting(on));
  }

  /** Starts the process right away, so its start-up overlaps whatever the caller does next. */
  static start(context: GitContext): CatFileBatch {
    return new CatFileBatch(startGit(['cat-file', '--batch'], context), context);
  }

  /** Queues object ids; answers come back in the same order. */
  request(oids: readonly string[]): void {
    if (oids.length > 0) this.git.child.stdin.write(`${oids.join('\n')}\n`);
  }

  /**
   * Calls `call` each time another `bytes` bytes of git's answers have been read (from then on), between
   * two pieces of the stream: see memory.ts.
   */
  everyBytes(bytes: number, call: () => void): void {
    this.reader.tick = { every: bytes, since: 0, call };
  }

  /**
   * Whether git's output is read into buffers used again (see StreamReader): then its pieces are not
   * garbage to collect as they stream in.
   */
  get reusesBuffers(): boolean {
    return this.reader.reusesBuffers;
  }

  /** Tells git that no more ids will come: it exits after answering the queued ones. */
  endRequests(): void {
    this.git.child.stdin.end();
  }

  /** Stops the process (also when the caller gives up half-way). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    stopGit(this.git);
  }

  /** Reads the next answer's header. Throws if git stopped answering (with git's own reason). */
  async header(): Promise<ObjectHeader> {
    const line = await this.reader.line();
    if (line === undefined) throw await this.failure();
    const [oid = '', type = '', size = '0'] = line.split(' ');
    if (type === 'missing') return { oid, type, size: 0 };
    const bytes = Number(size);
    if (!Number.isSafeInteger(bytes) || bytes < 0)
      throw new Error(`unexpected git cat-file --batch header: ${JSON.stringify(line)}`);
    return { oid, type, size: bytes };
  }

  /**
   * Reads the body of the object whose header was just read. `keep` sees its first `probe` bytes (fewer
   * if the object is smaller) and decides whether the whole body is wanted: if so it is returned; if
   * not, the rest is read past and `undefined` is returned.
   *
   * `screen` sees a kept body piece by piece as it streams in, so that its work overlaps git's writing
   * the rest. Its pieces are held (unless `hold` says not to keep them) until the screen answers true
   * or HOLD_MAX bytes are held, then copied into the body's buffer, and each later piece as it comes;
   * once the screen answers true the body is returned as usual. If it never does, `SCREENED` is
   * returned: a small body was never copied, and a big one's buffer serves the next big body (a clean
   * commit of two 50 MB blobs writes 50 MB of fresh memory, not 100: see `buffer`).
   */
  async body(header: ObjectHeader, options?: BodyOptions): Promise<Buffer | undefined>;
  async body(
    header: ObjectHeader,
    options: BodyOptions & { screen: Screen },
  ): Promise<Buffer | typeof SCREENED | undefined>;
  async body(
    header: ObjectHeader,
    options: BodyOptions & { screen?: Screen } = {},
  ): Promise<Buffer | typeof SCREENED | undefined> {
    if (header.type === 'missing') return undefined;
    const probe = Math.min(options.probe ?? 0, header.size);
    // The probe is the first piece itself when it holds all of it (the usual case); else it is put
    // together in a small buffer. Either way a big blob that is not wanted never costs its size.
    let head: Buffer | undefined;
    let filled = 0;
    const probed = await this.reader.read(probe, (piece) => {
      if (head === undefined && piece.length === probe) head = piece;
      else filled += piece.copy((head ??= Buffer.allocUnsafe(probe)), filled);
    });
    if (!probed) throw await this.failure();
    head ??= Buffer.alloc(0);
    filled = probe;
    const wanted = !options.keep || options.keep(head);
    const { screen } = options;
    // Where the body is put together: `target`, once the screen (if any) has passed it or once more than
    // HOLD_MAX bytes of it are held. Until then its pieces are only held (`held`): a body the screen never
    // passes (nearly every blob of a big clean diff) is then never copied. Past HOLD_MAX each piece is
    // copied as it comes, whether or not the screen has passed it yet: the pieces are then garbage at
    // once and their memory is used again for the next ones, where holding them until the screen decides
    // would take as much fresh memory as the body.
    let target: Buffer | undefined;
    let held: Buffer[] | undefined;
    // Whether the screen (if any) has passed the body so far.
    let passed = !screen;
    // Screening without keeping (see `hold`): whether the screen is still looking, and whether it passed.
    let screening = false;
    let passedLate = false;
    if (wanted) {
      if (screen?.advance(head)) passed = true;
      if (passed) target = this.assemble(header.size, [head]);
      else if (!options.hold || options.hold()) {
        held = [head];
        // The held pieces are the reader's buffers: they must not be read into again until copied or dropped.
        this.reader.retain();
      } else screening = true;
    }
    const ok = await this.reader.read(header.size - probe, (piece) => {
      if (screening) {
        if (screen?.advance(piece)) {
          screening = false;
          passedLate = true;
        }
      } else if (target) {
        piece.copy(target, filled);
        if (!passed && screen?.advance(piece)) passed = true;
      } else if (held) {
        if (screen?.advance(piece)) passed = true;
        held.push(piece);
        if (passed || filled + piece.length > HOLD_MAX) {
          target = this.assemble(header.size, held);
          held = undefined;
          this.reader.release();
        }
      }
      filled += piece.length;
    });
    // Every answer ends with an LF after the contents.
    if (!ok || !(await this.reader.read(1, () => {}))) {
      this.reader.release();
      throw await this.failure();
    }
    if (held) {
      const body = passed ? this.assemble(header.size, held) : SCREENED;
      this.reader.release();
      return body;
    }
    if (target && !passed) {
      // Its memory is already the process's: the next big body is copied into it (a small one may be a
      // slice of Node's shared pool, never reused).
      if (target.length >= SPARE_MIN) this.spare = target;
      return SCREENED;
    }
    if (target) return target;
    if (passedLate) return this.readAgain(header.oid);
    return screening ? SCREENED : undefined;
  }

  /** A buffer for a body of `size` bytes (see `buffer`), with `pieces`, its first bytes, copied in. */
  private assemble(size: number, pieces: readonly Buffer[]): Buffer {
    const target = this.buffer(size);
    let at = 0;
    for (const piece of pieces) at += piece.copy(target, at);
    return target;
  }

  /**
   * A buffer of `size` bytes for a body: the buffer of a body the screen never passed when it is big
   * enough, else a new one. A new big buffer costs more than its copy: the system hands out its memory
   * page by page as the copy first writes it. Big ones are made in whole MiB, so that one blob's buffer
   * fits the next blob of about the same size.
   */
  private buffer(size: number): Buffer {
    const spare = this.spare;
    if (spare && spare.buffer.byteLength >= size) {
      this.spare = undefined;
      return Buffer.from(spare.buffer, spare.byteOffset, size);
    }
    // allocUnsafe: every byte is overwritten by the blob.
    if (size < SPARE_MIN) return Buffer.allocUnsafe(size);
    // A spare too small for this body is let go rather than kept alongside its new buffer.
    this.spare = undefined;
    return Buffer.allocUnsafe(Math.ceil(size / SPARE_MIN) * SPARE_MIN).subarray(0, size);
  }

  /** One object's contents, read by a `git cat-file --batch` of its own (a screened body not held). */
  private async readAgain(oid: string): Promise<Buffer | undefined> {
    const again = CatFileBatch.start(this.context);
    try {
      again.request([oid]);
      again.endRequests();
      const header = await again.header();
      return await again.body(header);
    } finally {
      again.close();
    }
  }

  /** Reads past the body of the object whose header was just read. */
  async skip(header: ObjectHeader): Promise<void> {
    if (header.type === 'missing') return;
    if (!(await this.reader.read(header.size + 1, () => {}))) throw await this.failure();
  }

  /** Why git stopped answering: no git, no repository, or git's own message. */
  private async failure(): Promise<Error> {
    this.git.waiting(true);
    const code = await this.git.exit; // rejects with GitSetupError('git-not-found') if git could not start
    if (/not a git repository/i.test(this.git.stderr())) {
      const { findRepository } = await import('./repository.js');
      if (!(await findRepository(this.context))) return new GitSetupError('not-a-repository');
    }
    return this.git.failure(code);
  }
}
