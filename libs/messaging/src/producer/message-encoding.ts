import type { IHeaders } from 'kafkajs';

/** A message as services hand it over: the value is JSON-serialised unless bytes or text. */
export type OutgoingMessage = {
  key: string | null;
  value: unknown;
  headers?: Record<string, string>;
};

export type EncodedHeaders = Record<string, string | Buffer | (string | Buffer)[]>;

/** A message ready for the wire; sent exactly as given. */
export type EncodedMessage = {
  key: string | Buffer | null;
  value: Buffer | string | null;
  headers?: EncodedHeaders;
};

export function encodeValue(value: unknown): Buffer | string {
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  const json = JSON.stringify(value);
  if (json === undefined)
    throw new TypeError(`cannot serialise a ${typeof value} message value as JSON`);
  return json;
}

/** Kafka headers as text. A repeated header keeps its last value, as Java's lastHeader does. */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) decoded[name] = value.toString();
  }
  return decoded;
}

/** Raw Kafka headers without undefined entries, so they can be re-sent verbatim. */
export function rawHeaders(headers: IHeaders | undefined): EncodedHeaders {
  const copy: EncodedHeaders = {};
  for (const [name, raw] of Object.entries(headers ?? {})) if (raw !== undefined) copy[name] = raw;
  return copy;
}
