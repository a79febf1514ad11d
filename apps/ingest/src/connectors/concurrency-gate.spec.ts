import { ConcurrencyGate, GateFullError } from './concurrency-gate';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('a concurrency gate', () => {
  it('runs at most its concurrency at once, the others in arrival order', async () => {
    const gate = new ConcurrencyGate(2);
    const started: number[] = [];
    const finish = [deferred(), deferred(), deferred(), deferred()];
    const runs = finish.map((f, i) =>
      gate.run(async () => {
        started.push(i);
        await f.promise;
        return i;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    finish[1].resolve();
    await runs[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    finish.forEach((f) => f.resolve());
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('refuses at once when as many tasks as allowed already wait', async () => {
    const gate = new ConcurrencyGate(1);
    const hold = deferred();
    const running = gate.run(() => hold.promise);
    const waiting = gate.run(() => Promise.resolve('second'), 1);
    await expect(gate.run(() => Promise.resolve('third'), 1)).rejects.toBeInstanceOf(GateFullError);
    hold.resolve();
    await running;
    await expect(waiting).resolves.toBe('second');
    await expect(gate.run(() => Promise.resolve('later'), 0)).resolves.toBe('later');
  });

  it('frees its slot when a task fails', async () => {
    const gate = new ConcurrencyGate(1);
    await expect(gate.run(() => Promise.reject(new Error('scrypt failed')))).rejects.toThrow(
      'scrypt failed',
    );
    await expect(gate.run(() => Promise.resolve('next'), 0)).resolves.toBe('next');
  });
});
