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

/**
 * JSON written as UTF-8 bytes into one reused buffer, byte for byte what JSON.stringify writes
 * for the same values: strings escaped as it escapes them (a lone surrogate as `\udxxx`),
 * numbers as it formats them. Strings are written in place, never joined into a new string, so
 * an answer leaves one copy of its bytes outside the heap (`bytes`) and no garbage on it.
 */
export class JsonBytes {
  private buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private length = 0;
  // One Date reused for the ISO text of instants held as epoch ms.
  private readonly instant = new Date(0);

  /** Starts a new document. */
  reset(): void {
    this.length = 0;
  }

  /** A copy of the document's bytes (the buffer is reused by the next document). */
  bytes(): Buffer {
    const copy = Buffer.allocUnsafe(this.length);
    this.buffer.copy(copy, 0, 0, this.length);
    return copy;
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
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
