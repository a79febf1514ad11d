import { randomUUID } from 'node:crypto';
import { BroadcastChannel, isMainThread, threadId, workerData } from 'node:worker_threads';

/**
 * A service that serves HTTP on more than one thread of its process (ADR 0040): the main thread
 * runs the whole app (consumers, the outbox relay, periodic tasks) and listens; every extra
 * thread runs the same app for HTTP only and listens on the same port with SO_REUSEPORT, so the
 * kernel spreads connections over the threads. This file is what the threads share: which kind
 * of thread this is, and calls from one thread to all the others (a cache refresh that
 * read-your-writes waits for, a metrics scrape).
 */

/** The key of a worker's `workerData` that makes it an extra HTTP thread. */
export const HTTP_THREAD_KEY = 'omniHttpThread';

/** What the main thread hands each extra HTTP thread. */
export type HttpThreadData = {
  /** The threads' channel: one per process and app. */
  group: string;
  /** The port every thread listens on (the main thread's, when it asked for port 0). */
  port: number;
};

function extraThreadData(): HttpThreadData | undefined {
  if (isMainThread) return undefined;
  return (workerData as Record<string, HttpThreadData | undefined> | null)?.[HTTP_THREAD_KEY];
}

/**
 * True on an extra HTTP thread: it serves requests and nothing else. Consumers, the outbox
 * relay and periodic tasks check this and stay on the main thread.
 */
export function isExtraHttpThread(): boolean {
  return extraThreadData() !== undefined;
}

/** The port and channel an extra HTTP thread was started with. */
export function extraHttpThreadData(): HttpThreadData | undefined {
  return extraThreadData();
}

type Handler = (payload: unknown) => unknown;

type GroupMessage =
  | { kind: 'hello' | 'here' | 'bye'; from: number }
  | { kind: 'call'; id: string; topic: string; from: number; payload: unknown }
  | { kind: 'reply'; id: string; to: number; from: number; result?: unknown; error?: string };

type PendingCall = {
  waiting: Set<number>;
  results: unknown[];
  errors: string[];
  settle: () => void;
};

/** The answers of one call: what each thread returned, and which failed or did not answer. */
export type ThreadCallResult = {
  results: unknown[];
  /** "thread 3: <message>" for each thread whose handler threw. */
  errors: string[];
  /** The threads that had not answered when the call timed out. */
  missing: number[];
};

/** How long a call waits for the other threads by default (ms). */
export const THREAD_CALL_TIMEOUT_MS = 5_000;

/**
 * The threads of one process that serve one app, on a BroadcastChannel. Each thread answers
 * the topics it registered; a call goes to every other thread that has joined and resolves
 * once each has answered, or when the timeout passes (a thread never blocks another's call).
 */
export class ThreadGroup {
  private readonly channel: BroadcastChannel;
  private readonly members = new Set<number>();
  private readonly handlers = new Map<string, Handler>();
  private readonly pending = new Map<string, PendingCall>();
  private closed = false;

  /** `self` names this member (the thread id outside tests). */
  constructor(
    readonly name: string,
    private readonly self: number = threadId,
  ) {
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (event) => this.received((event as { data: GroupMessage }).data);
    // The channel alone never keeps a thread alive.
    this.channel.unref();
    this.post({ kind: 'hello', from: self });
  }

  /** The other threads that have joined and not left. */
  get others(): readonly number[] {
    return [...this.members];
  }

  /** Answers every other thread's calls of `topic` with `handler` (what it returns or resolves to). */
  answer(topic: string, handler: Handler): void {
    this.handlers.set(topic, handler);
  }

  /**
   * Calls `topic` on every other thread. A thread with no handler for it answers undefined;
   * one whose handler throws is in `errors`; one that does not answer in time is in `missing`.
   */
  call(
    topic: string,
    payload?: unknown,
    timeoutMs = THREAD_CALL_TIMEOUT_MS,
  ): Promise<ThreadCallResult> {
    const waiting = new Set(this.members);
    if (waiting.size === 0 || this.closed) {
      return Promise.resolve({ results: [], errors: [], missing: [] });
    }
    const id = randomUUID();
    return new Promise((resolve) => {
      const call: PendingCall = {
        waiting,
        results: [],
        errors: [],
        settle: () => {
          clearTimeout(timer);
          this.pending.delete(id);
          resolve({ results: call.results, errors: call.errors, missing: [...call.waiting] });
        },
      };
      const timer = setTimeout(call.settle, timeoutMs);
      this.pending.set(id, call);
      this.post({ kind: 'call', id, topic, from: this.self, payload });
    });
  }

  /** Leaves the group: the others stop waiting for this thread; calls in progress settle now. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.post({ kind: 'bye', from: this.self });
    for (const call of [...this.pending.values()]) call.settle();
    this.channel.close();
  }

  private received(message: GroupMessage): void {
    if (this.closed) return;
    switch (message.kind) {
      case 'hello':
        this.members.add(message.from);
        this.post({ kind: 'here', from: this.self });
        return;
      case 'here':
        this.members.add(message.from);
        return;
      case 'bye':
        this.left(message.from);
        return;
      case 'call':
        void this.run(message);
        return;
      case 'reply': {
        if (message.to !== this.self) return;
        const call = this.pending.get(message.id);
        if (call === undefined || !call.waiting.delete(message.from)) return;
        if (message.error === undefined) call.results.push(message.result);
        else call.errors.push(`thread ${message.from}: ${message.error}`);
        if (call.waiting.size === 0) call.settle();
        return;
      }
    }
  }

  /** A thread that left or died: calls stop waiting for it. */
  left(member: number): void {
    this.members.delete(member);
    for (const call of [...this.pending.values()]) {
      if (call.waiting.delete(member) && call.waiting.size === 0) call.settle();
    }
  }

  private async run(message: Extract<GroupMessage, { kind: 'call' }>): Promise<void> {
    // A caller this thread has not heard from yet has joined all the same.
    this.members.add(message.from);
    const handler = this.handlers.get(message.topic);
    const reply = { kind: 'reply' as const, id: message.id, to: message.from, from: this.self };
    try {
      const result = handler === undefined ? undefined : await handler(message.payload);
      this.post({ ...reply, result });
    } catch (error) {
      this.post({ ...reply, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private post(message: GroupMessage): void {
    if (this.closed && message.kind !== 'bye') return;
    this.channel.postMessage(message);
  }
}

let current: ThreadGroup | undefined;

/** Makes this thread a member of the app's group (bootstrapService does, on every thread). */
export function joinHttpThreads(name: string): ThreadGroup {
  current?.close();
  current = new ThreadGroup(name);
  return current;
}

/** A new group's name, unique to this process and app. */
export function newHttpThreadGroupName(): string {
  return `omni-http-threads-${process.pid}-${randomUUID()}`;
}

/** This thread's group, or undefined when the app serves on one thread (tests, benches, default). */
export function httpThreads(): ThreadGroup | undefined {
  return current;
}

/** Leaves the group (the app is closing). */
export function leaveHttpThreads(): void {
  current?.close();
  current = undefined;
}
