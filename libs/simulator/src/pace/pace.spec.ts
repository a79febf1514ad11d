import { pace, type PaceClock } from './pace';

/** A clock that only moves when someone sleeps, recording each sleep. */
function virtualClock(): PaceClock & { sleeps: number[]; time: number } {
  const clock = {
    time: 1_000_000,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (milliseconds: number) => {
      clock.sleeps.push(milliseconds);
      clock.time += milliseconds;
    },
  };
  return clock;
}

const at = (...times: string[]) => times.map((occurredAt, index) => ({ occurredAt, index }));

async function collect<E>(events: AsyncIterable<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('pace', () => {
  it('releases events at the given rate: 5 per second puts 200 ms between them', async () => {
    const clock = virtualClock();
    const events = at(...Array.from({ length: 6 }, () => '2025-06-01T00:00:00+08:00'));
    const released: number[] = [];
    for await (const event of pace(events, { rate: 5, clock })) {
      released.push(clock.now());
      expect(event.index).toBe(released.length - 1);
    }
    expect(released.map((time) => time - 1_000_000)).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it('maps simulated time to wall time with timeScale: an hour at 3600× takes a second', async () => {
    const clock = virtualClock();
    const events = at(
      '2025-06-01T10:00:00+08:00',
      '2025-06-01T10:30:00+08:00',
      '2025-06-01T11:00:00+08:00',
    );
    await collect(pace(events, { timeScale: 3600, clock }));
    expect(clock.sleeps).toEqual([500, 500]);
  });

  it('applies the slower of rate and timeScale when both are given', async () => {
    const clock = virtualClock();
    const events = at('2025-06-01T10:00:00+08:00', '2025-06-01T10:00:01+08:00');
    await collect(pace(events, { rate: 2, timeScale: 10, clock }));
    expect(clock.sleeps).toEqual([500]);
  });

  it('does not sleep while the consumer is behind schedule', async () => {
    const clock = virtualClock();
    const events = at('2025-06-01T10:00:00+08:00', '2025-06-01T10:00:00+08:00');
    for await (const _event of pace(events, { rate: 10, clock })) clock.time += 1000;
    expect(clock.sleeps).toEqual([]);
  });

  it('stamps sentAt with the wall-clock release time when asked, without touching the input', async () => {
    const clock = virtualClock();
    const input = [
      { occurredAt: '2025-06-01T10:00:00+08:00', sentAt: '2025-06-01T10:00:01+08:00' },
    ];
    const [event] = await collect(pace(input, { rate: 1, stampSentAt: true, clock }));
    expect(event.sentAt).toBe(new Date(1_000_000).toISOString());
    expect(input[0].sentAt).toBe('2025-06-01T10:00:01+08:00');
  });

  it('accepts async iterables', async () => {
    async function* source() {
      yield { occurredAt: '2025-06-01T10:00:00+08:00' };
    }
    await expect(
      collect(pace(source(), { rate: 100, clock: virtualClock() })),
    ).resolves.toHaveLength(1);
  });

  it('refuses a missing or non-positive pace with a message naming the option', async () => {
    await expect(collect(pace([], {}))).rejects.toThrow('give a rate');
    await expect(collect(pace([], { rate: 0 }))).rejects.toThrow('rate must be a positive number');
    await expect(collect(pace([], { timeScale: -1 }))).rejects.toThrow('timeScale');
  });
});
