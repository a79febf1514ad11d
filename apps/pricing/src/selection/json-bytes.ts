const QUOTE = 0x22;
const MINUS = 0x2d;
const ZERO = 0x30;
const INITIAL_BYTES = 64 * 1024;

const BACKSLASH = 0x5c;

/** Whether JSON.stringify escapes some unit of `text`: quote, backslash, control, surrogate (a lone one as `\udxxx`). */
function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || unit === QUOTE || unit === BACKSLASH || (unit >= 0xd800 && unit <= 0xdfff))
      return true;
  }
  return false;
}

/** The bytes of an ASCII text written often (a key, a reason's fixed part): encoded once, copied in one call. */
export const asciiBytes = (ascii: string): Uint8Array => Buffer.from(ascii, 'latin1');

/** The bytes JsonBytes.text writes for `text` (escaped as JSON.stringify escapes it), made once to be copied. */
export const jsonTextBytes = (text: string): Uint8Array =>
  Buffer.from(JSON.stringify(text).slice(1, -1), 'utf8');

/**
 * Buffers for documents handed out whole (JsonBytes.detach) and given back once sent, so that
 * a service writing an answer per request does not allocate a new backing store for each: at
 * thousands of answers a second, tens of KB each, those allocations and their release by the
 * scavenger held select's tail up (ADR 0037). A buffer never given back is simply collected.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];
  // The backing stores handed out and not yet given back: what `give` takes back, once each.
  private readonly out = new WeakSet<ArrayBufferLike>();

  /** `keep`: at most this many free buffers; `largest`: a larger one is left to the collector. */
  constructor(
    private readonly keep = 64,
    private readonly largest = 1 << 20,
  ) {}

  /** A buffer of at least `bytes`, whose backing store is its own. */
  take(bytes: number): Buffer {
    const { free } = this;
    for (let i = free.length - 1; i >= 0; i--)
      if (free[i].length >= bytes) {
        const buffer = free[i];
        free[i] = free[free.length - 1];
        free.pop();
        this.out.add(buffer.buffer);
        return buffer;
      }
    let size = INITIAL_BYTES;
    while (size < bytes) size *= 2;
    const buffer = Buffer.allocUnsafeSlow(size);
    this.out.add(buffer.buffer);
    return buffer;
  }

  /**
   * Takes back the buffer that `view` (a buffer from `take`, or a part of one) is part of,
   * once nothing reads it any more; anything else, or a second give, is ignored.
   */
  give(view: Uint8Array): void {
    const store = view.buffer;
    if (!this.out.delete(store)) return;
    if (this.free.length >= this.keep || store.byteLength > this.largest) return;
    this.free.push(Buffer.from(store, 0, store.byteLength));
  }

  /** How many free buffers it holds. */
  get size(): number {
    return this.free.length;
  }
}

/**
 * JSON written as UTF-8 bytes into one reused buffer, byte for byte what JSON.stringify writes
 * for the same values: strings escaped as it escapes them (a lone surrogate as `\udxxx`),
 * numbers as it formats them. Strings are written in place, never joined into a new string, so
 * an answer leaves no garbage on the heap: one copy of its bytes outside it (`bytes`), or, made
 * with a pool, the buffer itself (`detach`), which the next document does not reuse.
 */
export class JsonBytes {
  private buffer: Buffer;
  private length = 0;
  // Set once `detach` has handed the buffer out: the next document takes another from the pool.
  private detached = false;
  // One Date reused for the ISO text of instants held as epoch ms.
  private readonly instant = new Date(0);

  /** `pool`: where `detach` takes its buffers from; without one, `bytes` is the way out. */
  constructor(private readonly pool?: BufferPool) {
    this.buffer = pool?.take(INITIAL_BYTES) ?? Buffer.allocUnsafe(INITIAL_BYTES);
  }

  /** Starts a new document. */
  reset(): void {
    if (this.detached) {
      this.buffer = this.pool!.take(INITIAL_BYTES);
      this.detached = false;
    }
    this.length = 0;
  }

  /**
   * The document's bytes without a copy: the buffer itself, which the next document does not
   * write into. Give it back to the pool (BufferPool.give) once it has been sent.
   */
  detach(): Buffer {
    if (this.pool === undefined) throw new Error('detach needs a JsonBytes made with a pool');
    this.detached = true;
    return this.buffer.subarray(0, this.length);
  }

  /** A copy of the document's bytes (the buffer is reused by the next document). */
  bytes(): Buffer {
    const copy = Buffer.allocUnsafe(this.length);
    this.copyTo(copy);
    return copy;
  }

  /** Copies the document's bytes to the start of `target`, which must have room for `size` of them. */
  copyTo(target: Uint8Array): void {
    this.buffer.copy(target, 0, 0, this.length);
  }

  /** JSON text the caller knows needs no escaping: punctuation, keys, `null`, booleans. */
  raw(ascii: string): void {
    const count = ascii.length;
    this.reserve(count);
    const { buffer, length } = this;
    for (let i = 0; i < count; i++) buffer[length + i] = ascii.charCodeAt(i);
    this.length = length + count;
  }

  /** How many bytes the document has so far. */
  get size(): number {
    return this.length;
  }

  /** `source`'s bytes [start, end): JSON written before (see CompactPrices.openings). */
  copyOf(source: Buffer, start: number, end: number): void {
    this.reserve(end - start);
    this.length += source.copy(this.buffer, this.length, start, end);
  }

  /** Bytes from asciiBytes. */
  bytesOf(ascii: Uint8Array): void {
    this.reserve(ascii.length);
    this.buffer.set(ascii, this.length);
    this.length += ascii.length;
  }

  /** `"` + `text` escaped + `"`, as JSON.stringify(text). */
  string(text: string): void {
    const count = text.length;
    this.reserve(count + 2);
    const { buffer, length } = this;
    buffer[length] = QUOTE;
    if (this.copyPrintable(text, length + 1)) {
      buffer[length + 1 + count] = QUOTE;
      this.length = length + count + 2;
      return;
    }
    this.length = length + 1;
    this.unusualText(text);
    this.byte(QUOTE);
  }

  /** A string value's opening or closing quote, around pieces written with `text`, `digits`, `instantText`. */
  quote(): void {
    this.byte(QUOTE);
  }

  /** `text` escaped, inside a string value. */
  text(text: string): void {
    this.reserve(text.length);
    if (this.copyPrintable(text, this.length)) this.length += text.length;
    else this.unusualText(text);
  }

  /** A number value, as JSON.stringify writes it (`null` when not finite). */
  number(value: number): void {
    if (Number.isFinite(value)) this.digits(value);
    else this.raw('null');
  }

  /** `String(value)` (a finite number's JSON text), inside a string value or as a number. */
  digits(value: number): void {
    if (value >= 0 && value <= 0x7fffffff && value === (value | 0)) this.smallDigits(value);
    else if (!Number.isSafeInteger(value)) this.raw(String(value));
    else if (value < 0) {
      this.byte(MINUS);
      this.largeDigits(-value);
    } else this.largeDigits(value);
  }

  /** Amounts in minor units nearly always: int arithmetic. */
  private smallDigits(value: number): void {
    let width = 1;
    for (let power = 10; power <= value; power *= 10) width += 1;
    this.reserve(width);
    const { buffer } = this;
    let rest = value | 0;
    for (let at = this.length + width - 1; at >= this.length; at--) {
      const quotient = (rest / 10) | 0;
      buffer[at] = ZERO + rest - quotient * 10;
      rest = quotient;
    }
    this.length += width;
  }

  private largeDigits(value: number): void {
    let width = 1;
    for (let power = 10; power <= value; power *= 10) width += 1;
    this.padded(value, width);
  }

  /** `new Date(epochMs).toISOString()`, inside a string value. */
  instantText(epochMs: number): void {
    const date = this.instant;
    date.setTime(epochMs);
    const year = date.getUTCFullYear();
    // Outside 0–9999 toISOString writes a signed six-digit year: rare enough to format as it does.
    if (year < 0 || year > 9999) {
      this.raw(date.toISOString());
      return;
    }
    this.padded(year, 4);
    this.byte(MINUS);
    this.padded(date.getUTCMonth() + 1, 2);
    this.byte(MINUS);
    this.padded(date.getUTCDate(), 2);
    this.byte(0x54); // T
    this.padded(date.getUTCHours(), 2);
    this.byte(0x3a); // :
    this.padded(date.getUTCMinutes(), 2);
    this.byte(0x3a);
    this.padded(date.getUTCSeconds(), 2);
    this.byte(0x2e); // .
    this.padded(date.getUTCMilliseconds(), 3);
    this.byte(0x5a); // Z
  }

  /**
   * Copies `text` to `at` if it is printable ASCII with nothing to escape (room reserved), unit
   * by unit: answers are mostly short ASCII strings, for which a native write costs more.
   */
  private copyPrintable(text: string, at: number): boolean {
    const { buffer } = this;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0x20 || unit > 0x7e || unit === QUOTE || unit === BACKSLASH) return false;
      buffer[at + i] = unit;
    }
    return true;
  }

  /** Text with a unit outside printable ASCII, over what copyPrintable copied before it found it. */
  private unusualText(text: string): void {
    const escaped = needsEscape(text) ? JSON.stringify(text).slice(1, -1) : text;
    this.reserve(escaped.length * 3);
    this.length += this.buffer.write(escaped, this.length, 'utf8');
  }

  /** `value`'s last `width` decimal digits, zero-padded. */
  private padded(value: number, width: number): void {
    this.reserve(width);
    let rest = value;
    for (let at = this.length + width - 1; at >= this.length; at--) {
      this.buffer[at] = ZERO + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.length += width;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const grown = this.pool?.take(size) ?? Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.length);
    this.pool?.give(this.buffer);
    this.buffer = grown;
  }
}
