import { randomUUID } from 'node:crypto';
import { ThreadGroup } from './http-threads';

// Several members of one group in this one thread, each with its own id: a BroadcastChannel
// delivers to every other channel of that name, in this thread as in any other.

describe('ThreadGroup', () => {
  const groups: ThreadGroup[] = [];
  let name: string;

  beforeEach(() => {
    name = `http-threads-spec-${randomUUID()}`;
  });

  afterEach(() => {
    for (const group of groups.splice(0)) group.close();
  });

  function member(self: number, groupName = name): ThreadGroup {
    const group = new ThreadGroup(groupName, self);
    groups.push(group);
    return group;
  }

  async function until(check: () => boolean, what: string): Promise<void> {
    for (let tries = 0; !check(); tries++) {
      if (tries === 200) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  const knows = (group: ThreadGroup, ...others: number[]) =>
    others.every((other) => group.others.includes(other));

  /** Members 1, 2, 3 (or as many as asked), once each knows all the others. */
  async function joined(count = 3): Promise<ThreadGroup[]> {
    const ids = Array.from({ length: count }, (_, i) => i + 1);
    const members = ids.map((id) => member(id));
    await until(
      () => members.every((group, i) => knows(group, ...ids.filter((_, j) => j !== i))),
      'every member knows every other',
    );
    return members;
  }

  it('members that join one after the other learn each other', async () => {
    const first = member(1);
    const second = member(2);
    await until(() => knows(first, 2) && knows(second, 1), 'the first two know each other');
    const third = member(3);
    await until(() => knows(first, 3) && knows(second, 3), 'the first two know the third');
    await until(() => knows(third, 1, 2), 'the third knows the first two');

    expect([...first.others].sort()).toEqual([2, 3]);
    expect([...second.others].sort()).toEqual([1, 3]);
    expect([...third.others].sort()).toEqual([1, 2]);
  });

  it("a call resolves with every other member's answer to its payload", async () => {
    const [caller, second, third] = await joined();
    second.answer('greet', (payload) => `2 greets ${String(payload)}`);
    third.answer('greet', async (payload) => `3 greets ${String(payload)}`);

    const { results, errors, missing } = await caller.call('greet', 'caller');

    expect([...results].sort()).toEqual(['2 greets caller', '3 greets caller']);
    expect(errors).toEqual([]);
    expect(missing).toEqual([]);
  });

  it('a member with no handler for the topic answers undefined', async () => {
    const [caller, second, third] = await joined();
    second.answer('greet', () => 'hello');
    third.answer('something else', () => 'not this');

    const { results, missing } = await caller.call('greet');

    expect(results).toHaveLength(2);
    expect(results).toEqual(expect.arrayContaining(['hello', undefined]));
    expect(missing).toEqual([]);
  });

  it("a member whose handler throws is in errors with its id and the error's message", async () => {
    const [caller, second, third] = await joined();
    second.answer('greet', () => {
      throw new Error('no greeting today');
    });
    third.answer('greet', async () => 'hello');

    const { results, errors, missing } = await caller.call('greet');

    expect(results).toEqual(['hello']);
    expect(errors).toEqual(['thread 2: no greeting today']);
    expect(missing).toEqual([]);
  });

  it('a member that does not answer in time is missing once the call times out', async () => {
    const [caller, second, third] = await joined();
    second.answer('greet', () => new Promise(() => undefined));
    third.answer('greet', () => 'hello');

    const { results, errors, missing } = await caller.call('greet', undefined, 50);

    expect(results).toEqual(['hello']);
    expect(errors).toEqual([]);
    expect(missing).toEqual([2]);
  });

  it('a call that only waits for a member settles when that member is known to have left', async () => {
    const [caller, second] = await joined(2);
    second.answer('greet', () => new Promise(() => undefined));
    // Far longer than Jest waits for a test: only left() can settle this call in time.
    const call = caller.call('greet', undefined, 60_000);

    caller.left(2);

    await expect(call).resolves.toEqual({ results: [], errors: [], missing: [] });
    expect(caller.others).toEqual([]);
  });

  it('a member that closes is no longer waited for once its goodbye arrives', async () => {
    const [caller, second, third] = await joined();
    second.answer('greet', () => 'hello');
    third.answer('greet', () => 'hello from the one leaving');

    third.close();
    await until(() => !knows(caller, 3) && !knows(second, 3), 'the others know the third left');
    const { results, errors, missing } = await caller.call('greet', undefined, 60_000);

    expect(caller.others).toEqual([2]);
    expect({ results, errors, missing }).toEqual({ results: ['hello'], errors: [], missing: [] });
  });

  it('closing a member settles its own calls in progress, the unanswered members missing', async () => {
    const [caller, second] = await joined(2);
    second.answer('greet', () => new Promise(() => undefined));
    const call = caller.call('greet', undefined, 60_000);

    caller.close();

    await expect(call).resolves.toEqual({ results: [], errors: [], missing: [2] });
    await expect(caller.call('greet')).resolves.toEqual({ results: [], errors: [], missing: [] });
  });

  it('a call with no other member resolves at once with nothing', async () => {
    const alone = member(1);
    let answered = false;
    alone.answer('greet', () => {
      answered = true;
      return 'hello';
    });

    await expect(alone.call('greet', undefined, 60_000)).resolves.toEqual({
      results: [],
      errors: [],
      missing: [],
    });
    // A member never answers its own calls.
    expect(answered).toBe(false);
  });

  it('groups with different names do not see each other', async () => {
    const stranger = member(9, `${name}-other`);
    let strangerAnswered = false;
    stranger.answer('greet', () => {
      strangerAnswered = true;
      return 'hello from another group';
    });
    const [caller, second] = await joined(2);
    second.answer('greet', () => 'hello');

    const { results, missing } = await caller.call('greet', undefined, 60_000);

    expect(results).toEqual(['hello']);
    expect(missing).toEqual([]);
    expect(caller.others).toEqual([2]);
    expect(stranger.others).toEqual([]);
    expect(strangerAnswered).toBe(false);
  });
});
