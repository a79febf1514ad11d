import { Writable } from 'node:stream';

/** One JSON log line as pino writes it. */
export type CapturedLogLine = Record<string, unknown>;

/**
 * A logger destination that keeps every line it is given, parsed, for a test or a tool that
 * reads what a service logged: pass `destination` as `logger.destination`, read `lines`.
 */
export function logCapture(): { lines: CapturedLogLine[]; destination: Writable } {
  const lines: CapturedLogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as CapturedLogLine);
      done();
    },
  });
  return { lines, destination };
}
