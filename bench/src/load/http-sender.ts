import { ConnectorClient, type BatchResult } from '@omni/connector-sdk';
import type { Channel } from '@omni/contracts';
import type { SimulatedEvent } from '@omni/simulator';
import type { ConnectorCredentials } from '../connectors/connector-provisioner';
import { Backpressure, type EventSender } from './event-sender';
import { LoadCounters } from './load-counters';

export type HttpSenderOptions = {
  readonly ingestUrl: string;
  readonly connectors: ReadonlyMap<Channel, ConnectorCredentials>;
  readonly batchSize: number;
  /** Events outstanding at once across all connectors (requests in flight × batch size). */
  readonly maxInFlight: number;
  /** Requests each connector's client keeps out at once (the SDK's maxInFlightRequests). */
  readonly requestsPerConnector?: number;
  /** How long a connector's partial batch waits for more events (the SDK's lingerMs, default 0). */
  readonly lingerMs?: number;
  readonly counters?: LoadCounters;
  /** Called with the ids of the events ingest accepted, when their request answered (epoch ms). */
  readonly onAccepted?: (eventIds: readonly string[], atMs: number) => void;
};

/** The SDK's default: requests each connector keeps out at once. */
export const REQUESTS_PER_CONNECTOR = 4;

/** Events a set of connectors can have outstanding when each keeps its requests full. */
export const connectorWindow = (connectors: number, batchSize: number): number =>
  connectors * REQUESTS_PER_CONNECTOR * batchSize;

/** Sends through @omni/connector-sdk, one client per channel connector, timing every request. */
export class HttpSender implements EventSender {
  readonly via = 'http' as const;
  readonly counters: LoadCounters;
  private readonly clients = new Map<Channel, { client: ConnectorClient }>();
  private readonly backpressure: Backpressure;
  private readonly onAccepted: HttpSenderOptions['onAccepted'];

  constructor(options: HttpSenderOptions) {
    this.onAccepted = options.onAccepted;
    this.counters = options.counters ?? new LoadCounters();
    this.backpressure = new Backpressure(this.counters, options.maxInFlight);
    const counters = this.counters;
    const timedFetch: typeof fetch = async (input, init) => {
      const started = performance.now();
      const response = await fetch(input, init);
      counters.latenciesMs.push(performance.now() - started);
      return response;
    };
    for (const [channel, credentials] of options.connectors) {
      this.clients.set(channel, {
        client: new ConnectorClient({
          baseUrl: options.ingestUrl,
          key: credentials.key,
          maxBatchEvents: options.batchSize,
          maxInFlightRequests: options.requestsPerConnector ?? REQUESTS_PER_CONNECTOR,
          lingerMs: options.lingerMs ?? 0,
          // A benchmark wants to see failures, not wait minutes of backoff for them.
          maxAttempts: 3,
          fetch: timedFetch,
          onResult: (result) => this.answered(result),
          onError: (error, events) => {
            counters.recordError(error.code ?? error.message, events.length);
            this.backpressure.released();
          },
        }),
      });
    }
  }

  async send(event: SimulatedEvent): Promise<void> {
    const connector = this.clients.get(event.channel);
    if (connector === undefined) {
      this.counters.sent += 1;
      this.counters.recordError(`no connector for channel ${event.channel}`, 1);
      return;
    }
    await this.backpressure.room();
    this.counters.sent += 1;
    // Ingest sets connectorId from the key; the simulator's sim-<channel> may not be the id
    // registered (a suffixed one when that name was taken).
    const { connectorId: _fromSimulator, ...withoutConnector } = event;
    connector.client.send(withoutConnector);
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map(({ client }) => client.close()));
  }

  private answered(result: BatchResult): void {
    this.counters.accepted += result.accepted;
    this.counters.duplicates += result.duplicates;
    this.counters.rejected += result.rejected;
    if (this.onAccepted !== undefined) {
      const at = Date.now();
      const ids: string[] = [];
      for (const item of result.results)
        if (item.status === 'accepted' && item.eventId !== null) ids.push(item.eventId);
      this.onAccepted(ids, at);
    }
    for (const item of result.results) {
      if (item.status === 'rejected')
        this.counters.recordRejection(
          item.errors?.[0] === undefined
            ? 'rejected'
            : `${item.errors[0].path}: ${item.errors[0].message}`,
        );
    }
    this.backpressure.released();
  }
}
