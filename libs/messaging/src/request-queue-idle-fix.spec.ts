import { installRequestQueueIdleFix } from './request-queue-idle-fix';

type Queue = {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
};

const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => Queue;

const quietLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };

/** kafkajs's own queue for one broker connection, as its Connection builds it. */
const queue = (): Queue =>
  new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: true,
    clientId: 'test',
    broker: '127.0.0.1:9092',
    logger: quietLogger,
  });

describe("kafkajs's request queue", () => {
  let checks: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    checks = jest.spyOn(RequestQueue.prototype, 'checkPendingRequests');
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
    installRequestQueueIdleFix();
  });

  it('as kafkajs ships it, checks an empty, unthrottled queue every millisecond for ever', () => {
    installRequestQueueIdleFix(false);
    queue().checkPendingRequests();
    jest.advanceTimersByTime(1_000);
    expect(checks.mock.calls.length).toBeGreaterThan(900);
  });

  it('with the fix, arms no timer for an empty, unthrottled queue', () => {
    installRequestQueueIdleFix();
    const idle = queue();
    idle.checkPendingRequests();
    expect(idle.throttleCheckTimeoutId).toBeNull();
    jest.advanceTimersByTime(1_000);
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('with the fix, still checks again when the broker throttles, once the throttle ends', () => {
    installRequestQueueIdleFix();
    const throttled = queue();
    throttled.throttledUntil = Date.now() + 500;
    throttled.checkPendingRequests();
    jest.advanceTimersByTime(499);
    expect(checks).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    expect(checks).toHaveBeenCalledTimes(2);
    jest.advanceTimersByTime(1_000);
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('with the fix, keeps checking every 10 ms while requests wait', () => {
    installRequestQueueIdleFix();
    const busy = queue();
    busy.pending.push({});
    // A waiting request that can never be sent (no socket) keeps the queue non-empty.
    (
      busy as unknown as { canSendSocketRequestImmediately(): boolean }
    ).canSendSocketRequestImmediately = () => false;
    busy.checkPendingRequests();
    jest.advanceTimersByTime(100);
    expect(checks).toHaveBeenCalledTimes(11);
  });
});
