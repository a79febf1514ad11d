/** Anything a spec starts for a describe block and must close after it. */
export type Closable = { close(): Promise<unknown> };

export type HarnessSlot<H extends Closable> = {
  /** Stands for the harness: usable before it exists, read through to it once started. */
  handle: H;
  start(): Promise<void>;
  /** Closes every harness of the stack started after this one, last first, then this one. */
  close(): Promise<void>;
};

/**
 * Harnesses that close in the reverse order they started, so that one made from another's
 * parts (a reader of its topic, a second replica on its schema) is closed before them.
 */
export function harnessStack(): {
  slot<H extends Closable>(start: () => Promise<H>): HarnessSlot<H>;
} {
  const open: Closable[] = [];
  return {
    slot<H extends Closable>(start: () => Promise<H>): HarnessSlot<H> {
      let harness: H | undefined;
      const started = (): H => {
        if (harness === undefined)
          throw new Error('the harness is started in beforeAll: use it inside a hook or a test');
        return harness;
      };
      const handle = new Proxy({} as H, {
        get(_, key) {
          const target = started();
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
        set: (_, key, value) => Reflect.set(started(), key, value),
        has: (_, key) => Reflect.has(started(), key),
        ownKeys: () => Reflect.ownKeys(started()),
        getOwnPropertyDescriptor(_, key) {
          const descriptor = Reflect.getOwnPropertyDescriptor(started(), key);
          // A proxy may not report a property it lacks as non-configurable.
          return descriptor && { ...descriptor, configurable: true };
        },
      });
      return {
        handle,
        async start() {
          harness = await start();
          open.push(harness);
        },
        async close() {
          const at = harness === undefined ? -1 : open.indexOf(harness);
          harness = undefined;
          if (at === -1) return;
          for (const later of open.splice(at).reverse()) await later.close();
        },
      };
    },
  };
}

/** The harnesses of the spec file being run (jest loads this module again for each file). */
const specHarnesses = harnessStack();

/**
 * The harness of the describe block this is called in: `start` runs in a `beforeAll`
 * registered here (so hooks registered after it can use the harness) and the harness is closed
 * in an `afterAll`, which runs even when a later `beforeAll` or a test failed. Harnesses close
 * in the reverse order they started, so a second one built on the first's parts goes first.
 * The handle is typed as the harness, and throws when used before `beforeAll` has made it.
 *
 *     const crm = useHarness(() => startCrm({ CRM_CONTACT_CAP: '1' }));
 *     const changes = useHarness(() => testReader(crm.topics.customerChanges));
 */
export function useHarness<H extends Closable>(start: () => Promise<H>): H {
  const slot = specHarnesses.slot(start);
  beforeAll(slot.start);
  afterAll(slot.close);
  return slot.handle;
}
