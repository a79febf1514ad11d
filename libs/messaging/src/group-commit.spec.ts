import { GroupCommit } from './group-commit';

type Deferred = { resolve: () => void; reject: (error: Error) => void };

/** A commit function whose calls the test settles by hand. */
function manualCommit() {
  const calls: { items: string[]; settle: Deferred }[] = [];
  const commit = (items: string[]) =>
    new Promise<void>((resolve, reject) => calls.push({ items, settle: { resolve, reject } }));
  return { calls, commit };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('commits a lone submission at once', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit, { maxWeight: 10, maxInFlight: 1 });
    const done = group.submit('a', 1);
    expect(calls.map((c) => c.items)).toEqual([['a']]);
    calls[0].settle.resolve();
    await expect(done).resolves.toBeUndefined();
  });

  it('gathers submissions that arrive while a group is in flight into the next group, in order', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit, { maxWeight: 10, maxInFlight: 1 });
    const first = group.submit('a', 1);
    const later = ['b', 'c', 'd'].map((item) => group.submit(item, 1));
    expect(calls).toHaveLength(1);
    calls[0].settle.resolve();
    await first;
    await flush();
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b', 'c', 'd']]);
    calls[1].settle.resolve();
    await Promise.all(later);
  });

  it('keeps a group within its weight, but always takes at least one submission', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit, { maxWeight: 5, maxInFlight: 1 });
    const all = [
      group.submit('first', 1),
      group.submit('big', 9),
      group.submit('x', 3),
      group.submit('y', 2),
      group.submit('z', 1),
    ];
    for (let i = 0; i < 4; i++) {
      calls[i].settle.resolve();
      await flush();
    }
    expect(calls.map((c) => c.items)).toEqual([['first'], ['big'], ['x', 'y'], ['z']]);
    calls[3].settle.resolve();
    await Promise.all(all);
  });

  it('runs up to maxInFlight groups at once', () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit, { maxWeight: 1, maxInFlight: 2 });
    for (const item of ['a', 'b', 'c']) void group.submit(item, 1);
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b']]);
  });

  it('rejects every submission of a failed group and none of the others', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit, { maxWeight: 10, maxInFlight: 1 });
    const first = group.submit('a', 1);
    const second = group.submit('b', 1);
    const third = group.submit('c', 1);
    calls[0].settle.resolve();
    await first;
    await flush();
    calls[1].settle.reject(new Error('kafka down'));
    await expect(second).rejects.toThrow('kafka down');
    await expect(third).rejects.toThrow('kafka down');
    const fourth = group.submit('d', 1);
    await flush();
    calls[2].settle.resolve();
    await expect(fourth).resolves.toBeUndefined();
  });

  it('refuses settings that are not positive whole numbers', () => {
    expect(
      () => new GroupCommit(() => Promise.resolve(), { maxWeight: 0, maxInFlight: 1 }),
    ).toThrow('maxWeight must be a positive whole number, got 0');
  });

  it('takes only the later submissions that belong with the first; the others keep their place', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit, {
      maxWeight: 10,
      maxInFlight: 1,
      sameGroup: (first, next) => first[0] === next[0],
    });
    const all = ['a1', 'a2', 'b1', 'a3', 'b2'].map((item) => group.submit(item, 1));
    calls[0].settle.resolve();
    await flush();
    calls[1].settle.resolve();
    await flush();
    calls[2].settle.resolve();
    await Promise.all(all);
    expect(calls.map((c) => c.items)).toEqual([['a1'], ['a2', 'a3'], ['b1', 'b2']]);
  });

  it('rejects the submissions of a commit that throws instead of rejecting, and goes on', async () => {
    let calls = 0;
    const group = new GroupCommit<string>(
      () => {
        calls += 1;
        if (calls === 1) throw new Error('thrown');
        return Promise.resolve();
      },
      { maxWeight: 10, maxInFlight: 1 },
    );
    await expect(group.submit('a', 1)).rejects.toThrow('thrown');
    await expect(group.submit('b', 1)).resolves.toBeUndefined();
  });

  describe("when a failure may be one submission's fault", () => {
    class BadData extends Error {}
    const commitRefusing = (calls: string[][]) => (items: string[]) => {
      calls.push(items);
      return items.some((item) => item.startsWith('bad'))
        ? Promise.reject(new BadData(`cannot store ${items.find((i) => i.startsWith('bad'))}`))
        : Promise.resolve();
    };
    const isolate = (error: unknown) => error instanceof BadData;

    it('commits the others, in halves and in order, and rejects only the culprit', async () => {
      const calls: string[][] = [];
      const group = new GroupCommit(commitRefusing(calls), {
        maxWeight: 10,
        maxInFlight: 1,
        isolate,
      });
      const outcomes = ['first', 'a', 'bad', 'c', 'd'].map((item) =>
        group.submit(item, 1).then(
          () => `${item} committed`,
          (error: Error) => `${item} failed: ${error.message}`,
        ),
      );
      expect(await Promise.all(outcomes)).toEqual([
        'first committed',
        'a committed',
        'bad failed: cannot store bad',
        'c committed',
        'd committed',
      ]);
      expect(calls).toEqual([
        ['first'],
        ['a', 'bad', 'c', 'd'],
        ['a', 'bad'],
        ['a'],
        ['bad'],
        ['c', 'd'],
      ]);
    });

    it('finds several culprits and goes on with the next group', async () => {
      const calls: string[][] = [];
      const group = new GroupCommit(commitRefusing(calls), {
        maxWeight: 10,
        maxInFlight: 1,
        isolate,
      });
      const settled = await Promise.allSettled(
        ['first', 'bad1', 'b', 'c', 'bad2'].map((item) => group.submit(item, 1)),
      );
      expect(settled.map((outcome) => outcome.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
        'rejected',
      ]);
      await expect(group.submit('later', 1)).resolves.toBeUndefined();
    });

    it('rejects the whole group at once when the failure is not blamed on one submission', async () => {
      const calls: string[][] = [];
      const group = new GroupCommit(
        (items: string[]) => {
          calls.push(items);
          return items.length > 1
            ? Promise.reject(new Error('database unavailable'))
            : Promise.resolve();
        },
        { maxWeight: 10, maxInFlight: 1, isolate },
      );
      const settled = await Promise.allSettled(
        ['first', 'a', 'b'].map((item) => group.submit(item, 1)),
      );
      expect(settled.map((outcome) => outcome.status)).toEqual([
        'fulfilled',
        'rejected',
        'rejected',
      ]);
      expect(calls).toEqual([['first'], ['a', 'b']]);
    });

    it('treats an isolate predicate that throws as no blame', async () => {
      const group = new GroupCommit(
        (items: string[]) =>
          items.length > 1 ? Promise.reject(new Error('x')) : Promise.resolve(),
        {
          maxWeight: 10,
          maxInFlight: 1,
          isolate: () => {
            throw new Error('predicate broke');
          },
        },
      );
      const settled = await Promise.allSettled(
        ['first', 'a', 'b'].map((item) => group.submit(item, 1)),
      );
      expect(settled.map((outcome) => outcome.status)).toEqual([
        'fulfilled',
        'rejected',
        'rejected',
      ]);
      await expect(group.submit('later', 1)).resolves.toBeUndefined();
    });
  });
});
