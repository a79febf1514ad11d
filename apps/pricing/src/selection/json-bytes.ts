const QUOTE = 0x22;
const MINUS = 0x2d;
const ZERO = 0x30;
const INITIAL_BYTES = 64 * 1024;

const ASCII = 0;
const UNICODE = 1;
const ESCAPED = 2;

/**
 * ASCII: latin1 bytes are its UTF-8; UNICODE: UTF-8 as it is; ESCAPED: JSON.stringify escapes
 * some unit of it (quote, backslash, control, surrogate: a lone one is written `\udxxx`).
 */
function kindOf(text: string): number {
  let kind = ASCII;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || unit === QUOTE || unit === 0x5c || (unit >= 0xd800 && unit <= 0xdfff))
      return ESCAPED;
    if (unit > 0x7f) kind = UNICODE;
  }
  return kind;
}

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
    return Buffer.copyBytesFrom(this.buffer, 0, this.length);
  }

  /** JSON text the caller knows needs no escaping: punctuation, keys, `null`, booleans. */
  raw(ascii: string): void {
    this.reserve(ascii.length);
    this.length += this.buffer.write(ascii, this.length, 'latin1');
  }

  /** `"` + `text` escaped + `"`, as JSON.stringify(text). */
  string(text: string): void {
    this.byte(QUOTE);
    this.text(text);
    this.byte(QUOTE);
  }

  /** A string value's opening or closing quote, around pieces written with `text`, `digits`, `instantText`. */
  quote(): void {
    this.byte(QUOTE);
  }

  /** `text` escaped, inside a string value. */
  text(text: string): void {
    const kind = kindOf(text);
    if (kind === ESCAPED) {
      const escaped = JSON.stringify(text).slice(1, -1);
      this.reserve(escaped.length * 3);
      this.length += this.buffer.write(escaped, this.length, 'utf8');
      return;
    }
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length, kind === ASCII ? 'latin1' : 'utf8');
  }

  /** A number value, as JSON.stringify writes it (`null` when not finite). */
  number(value: number): void {
    if (Number.isFinite(value)) this.digits(value);
    else this.raw('null');
  }

  /** `String(value)` (a finite number's JSON text), inside a string value or as a number. */
  digits(value: number): void {
    if (!Number.isSafeInteger(value)) {
      this.raw(String(value));
      return;
    }
    let rest = value;
    if (rest < 0) {
      this.byte(MINUS);
      rest = -rest;
    }
    let width = 1;
    for (let power = 10; power <= rest; power *= 10) width += 1;
    this.reserve(width);
    for (let at = this.length + width - 1; at >= this.length; at--) {
      this.buffer[at] = ZERO + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.length += width;
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
