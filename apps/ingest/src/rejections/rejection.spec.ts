import { validateDownstreamEvent } from '@omni/contracts';
import {
  boundRejection,
  MAX_REJECTED_INPUT_BYTES,
  rejectedEvent,
  type Rejection,
} from './rejection';

const rejection = (overrides: Partial<Rejection> = {}): Rejection => ({
  connectorId: 'conn-1',
  source: 'segment',
  eventId: 'evt-1',
  type: 'custom',
  errors: [{ path: 'payload.name', message: 'expected at most 200 characters, got 200000' }],
  input: { messageId: 'evt-1', event: 'Signed Up' },
  ...overrides,
});

describe('rejections keep what they reject at a bounded size', () => {
  it('keep a small input as received, with its size', () => {
    const bounded = boundRejection(rejection());
    expect(bounded).toMatchObject({
      input: { messageId: 'evt-1', event: 'Signed Up' },
      inputTruncated: false,
      inputBytes: Buffer.byteLength(JSON.stringify({ messageId: 'evt-1', event: 'Signed Up' })),
    });
  });

  it('keep only the start of a large input, as JSON text cut between characters', () => {
    const input = { event: '事'.repeat(100_000), type: 'x'.repeat(200_000) };
    const json = JSON.stringify(input);
    const bounded = boundRejection(rejection({ input }));
    expect(bounded.inputTruncated).toBe(true);
    expect(bounded.inputBytes).toBe(Buffer.byteLength(json));
    const kept = bounded.input as string;
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(MAX_REJECTED_INPUT_BYTES);
    expect(Buffer.byteLength(kept)).toBeGreaterThan(MAX_REJECTED_INPUT_BYTES - 3);
    expect(json.startsWith(kept)).toBe(true);
    expect(kept).not.toContain('\uFFFD');
  });

  it('cut a long type and eventId, so a large value is not repeated beside the input', () => {
    const huge = 'x'.repeat(200_000);
    const bounded = boundRejection(
      rejection({ eventId: huge, type: huge, input: { eventId: huge, type: huge } }),
    );
    expect(bounded.type).toBe(`${'x'.repeat(128)}…`);
    expect(bounded.eventId).toBe(`${'x'.repeat(128)}…`);
    expect(JSON.stringify(bounded).length).toBeLessThan(MAX_REJECTED_INPUT_BYTES + 1_000);
    // A cut eventId is not an id: the event correlates with itself instead.
    const event = rejectedEvent(bounded, new Date());
    expect(event.correlationId).toBe(event.eventId);
  });

  it('keep the first reasons, each bounded, and say how many more there were', () => {
    const errors = Array.from({ length: 500 }, (_, i) => ({
      path: `payload.properties.k${i}${'p'.repeat(1_000)}`,
      message: 'm'.repeat(1_000),
    }));
    const bounded = boundRejection(rejection({ errors }));
    expect(bounded.errors).toHaveLength(20);
    expect(bounded.errors[19]).toEqual({ path: '(root)', message: 'and 481 more problems' });
    for (const error of bounded.errors.slice(0, 19)) {
      expect(error.path.length).toBeLessThanOrEqual(201);
      expect(error.message.length).toBeLessThanOrEqual(301);
    }
  });

  it('replace what Postgres cannot store, in the input and the search fields', () => {
    const bounded = boundRejection(
      rejection({ eventId: 'a\u0000b', type: '\uD800', input: { note: 'n\u0000' } }),
    );
    expect(bounded).toMatchObject({
      eventId: 'a\uFFFDb',
      type: '\uFFFD',
      input: { note: 'n\uFFFD' },
    });
  });

  it('publish an event.rejected that its contract accepts, flagged as cut', () => {
    const input = { event: 'e'.repeat(200_000) };
    const event = rejectedEvent(boundRejection(rejection({ input })), new Date());
    expect(validateDownstreamEvent(event).ok).toBe(true);
    expect(event.payload).toMatchObject({
      rejectedEventId: 'evt-1',
      rejectedType: 'custom',
      inputTruncated: true,
      inputBytes: Buffer.byteLength(JSON.stringify(input)),
    });
  });
});
