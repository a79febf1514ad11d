import type { EncodedMessage } from './message-encoding';
import { SendCoalescer, type CoalescedBatch } from './send-coalescer';

type Deferred = { resolve: () => void; reject: (error: Error) => void };

/** A flush that records each request and settles only when the test says so. */
function controlledFlush() {
  const requests: CoalescedBatch[] = [];
  const outcomes: Deferred[] = [];
  const flush = (batch: CoalescedBatch) =>
    new Promise<void>((resolve, reject) => {
      requests.push(batch);
      outcomes.push({ resolve, reject });
    });
  return { flush, requests, outcomes };
}

const messages = (key: string, ...values: string[]): EncodedMessage[] =>
  values.map((value) => ({ key, value }));

const settled = async (promise: Promise<void>) => {
  let state = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

describe('SendCoalescer', () => {
  it('sends at once when nothing is in flight', async () => {
    const { flush, requests, outcomes } = controlledFlush();
    const coalescer = new SendCoalescer(flush, 1_000_000);
    const sent = coalescer.send('t', messages('k', 'a'));
    expect(requests).toEqual([{ topic: 't', messages: messages('k', 'a') }]);
    outcomes[0].resolve();
    await expect(sent).resolves.toBeUndefined();
  });

  it('merges sends made while a request is in flight into the next request, in call order', async () => {
    const { flush, requests, outcomes } = controlledFlush();
    const coalescer = new SendCoalescer(flush, 1_000_000);
    const first = coalescer.send('t', messages('k', '1'));
    const second = coalescer.send('t', messages('k', '2', '3'));
    const third = coalescer.send('t', messages('j', 'x'));
    expect(requests).toHaveLength(1);

    outcomes[0].resolve();
    await first;
    expect(requests).toHaveLength(2);
    expect(requests[1]).toEqual({
      topic: 't',
      messages: [...messages('k', '2', '3'), ...messages('j', 'x')],
    });
    expect(await settled(second)).toBe('pending');

    outcomes[1].resolve();
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined]);
  });

  it('resolves a caller only when the request carrying its messages is acknowledged', async () => {
    const { flush, outcomes } = controlledFlush();
    const coalescer = new SendCoalescer(flush, 1_000_000);
    const first = coalescer.send('t', messages('k', '1'));
    const second = coalescer.send('t', messages('k', '2'));
    outcomes[0].resolve();
    expect(await settled(first)).toBe('resolved');
    expect(await settled(second)).toBe('pending');
  });

  it('rejects every caller of a failed request and still sends the callers queued after it', async () => {
    const { flush, requests, outcomes } = controlledFlush();
    const coalescer = new SendCoalescer(flush, 1_000_000);
    const first = coalescer.send('t', messages('k', '1'));
    const second = coalescer.send('t', messages('k', '2'));
    const third = coalescer.send('t', messages('k', '3'));

    outcomes[0].reject(new Error('broker gone'));
    await expect(first).rejects.toThrow('broker gone');
    outcomes[1].reject(new Error('still gone'));
    await expect(second).rejects.toThrow('still gone');
    await expect(third).rejects.toThrow('still gone');

    const fourth = coalescer.send('t', messages('k', '4'));
    expect(requests).toHaveLength(3);
    outcomes[2].resolve();
    await expect(fourth).resolves.toBeUndefined();
  });

  it('never merges sends to different topics, and keeps each topic in call order', async () => {
    const { flush, requests, outcomes } = controlledFlush();
    const coalescer = new SendCoalescer(flush, 1_000_000);
    const sends = [
      coalescer.send('a', messages('k', 'a1')),
      coalescer.send('b', messages('k', 'b1')),
      coalescer.send('a', messages('k', 'a2')),
      coalescer.send('b', messages('k', 'b2')),
    ];
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      outcomes[i]?.resolve();
    }
    await Promise.all(sends);
    expect(requests.map((r) => [r.topic, r.messages.map((m) => m.value)])).toEqual([
      ['a', ['a1']],
      ['b', ['b1', 'b2']],
      ['a', ['a2']],
    ]);
  });

  it('caps a merged request by size but always sends a single oversized send whole', async () => {
    const { flush, requests, outcomes } = controlledFlush();
    const coalescer = new SendCoalescer(flush, 200);
    const big = 'x'.repeat(500);
    const sends = [
      coalescer.send('t', messages('k', 'first')),
      coalescer.send('t', messages('k', big)),
      coalescer.send('t', messages('k', 'small-1')),
      coalescer.send('t', messages('k', 'small-2')),
    ];
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      outcomes[i]?.resolve();
    }
    await Promise.all(sends);
    expect(requests.map((r) => r.messages.map((m) => m.value))).toEqual([
      ['first'],
      [big],
      ['small-1', 'small-2'],
    ]);
  });
});
