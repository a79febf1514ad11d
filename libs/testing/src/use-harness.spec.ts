import { harnessStack, useHarness, type Closable } from './use-harness';

class Counter {
  count = 0;
  closed = 0;
  private readonly step = 1;

  get doubled(): number {
    return this.count * 2;
  }

  bump(): number {
    this.count += this.step;
    return this.count;
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

const harnessSlot = <H extends Closable>(start: () => Promise<H>) => harnessStack().slot(start);

describe('a harness slot', () => {
  it('throws a message naming beforeAll when the handle is used before the harness is made', () => {
    const { handle } = harnessSlot(async () => new Counter());

    expect(() => handle.count).toThrow(/started in beforeAll/);
    expect(() => 'count' in handle).toThrow(/started in beforeAll/);
  });

  it('reads through to the harness once made: methods bound to it, getters read again', async () => {
    const slot = harnessSlot(async () => new Counter());
    await slot.start();
    const { bump } = slot.handle;

    expect(bump()).toBe(1);
    expect(slot.handle.bump()).toBe(2);
    expect(slot.handle.doubled).toBe(4);
    expect('bump' in slot.handle).toBe(true);
    expect({ ...slot.handle }).toEqual({ count: 2, closed: 0, step: 1 });
  });

  it('writes through to the harness', async () => {
    const slot = harnessSlot(async () => new Counter());
    await slot.start();
    slot.handle.count = 10;

    expect(slot.handle.bump()).toBe(11);
  });

  it('closes the harness once, and the handle is unusable after', async () => {
    const counter = new Counter();
    const slot = harnessSlot(async () => counter);
    await slot.start();
    await slot.close();
    await slot.close();

    expect(counter.closed).toBe(1);
    expect(() => slot.handle.count).toThrow(/started in beforeAll/);
  });

  it('has nothing to close when the start failed, and lets the failure through', async () => {
    const slot = harnessSlot<Counter>(async () => {
      throw new Error('no broker');
    });

    await expect(slot.start()).rejects.toThrow('no broker');
    await expect(slot.close()).resolves.toBeUndefined();
  });
});

describe('a harness stack', () => {
  const named = (name: string, closed: string[]) => async () => ({
    name,
    close: async () => {
      closed.push(name);
    },
  });

  it('closes what started after a harness before it, last first', async () => {
    const closed: string[] = [];
    const stack = harnessStack();
    const [app, reader, replica] = ['app', 'reader', 'replica'].map((name) =>
      stack.slot(named(name, closed)),
    );
    for (const slot of [app, reader, replica]) await slot.start();
    await app.close();
    await reader.close();
    await replica.close();

    expect(closed).toEqual(['replica', 'reader', 'app']);
  });

  it('leaves a harness started after one that closed earlier to its own close', async () => {
    const closed: string[] = [];
    const stack = harnessStack();
    const [outer, first, second] = ['outer', 'first', 'second'].map((name) =>
      stack.slot(named(name, closed)),
    );
    await outer.start();
    await first.start();
    await first.close();
    await second.start();
    await second.close();
    await outer.close();

    expect(closed).toEqual(['first', 'second', 'outer']);
  });
});

describe('useHarness', () => {
  const closed: string[] = [];

  describe('in a describe block', () => {
    const app = useHarness(async () => ({
      name: 'app',
      hooks: 0,
      close: async () => void closed.push('app'),
    }));
    const reader = useHarness(async () => ({
      of: app.name,
      close: async () => void closed.push('reader'),
    }));

    beforeAll(() => {
      app.hooks += 1;
    });

    it('is started before the hooks registered after it, and can be built on', () => {
      expect(app.hooks).toBe(1);
      expect(reader.of).toBe('app');
    });

    it('is the same harness for every test of the block', () => {
      expect(app.hooks).toBe(1);
      expect(closed).toEqual([]);
    });
  });

  it('closed them after the block, the one built on the other first', () => {
    expect(closed).toEqual(['reader', 'app']);
  });
});
