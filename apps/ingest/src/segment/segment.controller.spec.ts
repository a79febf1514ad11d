import { parseConfig } from '@omni/config';
import { ingestConfig } from '../config/ingest-config';
import type { Connector } from '../connectors/connector';
import type { ConnectorAuth } from '../connectors/connector-auth.service';
import { normaliseEvent } from '../events/event-normaliser';
import type { IngestItem, IngestPipeline } from '../events/ingest-pipeline.service';
import { SegmentController } from './segment.controller';

const connector: Connector = {
  id: 'segment-web',
  name: 'Segment',
  channels: ['web'],
  rateLimitPerSecond: 1_000,
  burst: 1_000,
  status: 'active',
  createdAt: '2025-06-18T00:00:00.000Z',
  updatedAt: '2025-06-18T00:00:00.000Z',
};

/** The controller with the connector already authenticated, and the items it hands on kept. */
function controllerKeepingItems() {
  const handed: IngestItem[] = [];
  const auth = {
    authenticate: () => Promise.resolve(connector),
    admit: () => Promise.resolve(),
  } as unknown as ConnectorAuth;
  const pipeline = {
    ingestBatch: (_connector: Connector, _source: string, items: IngestItem[]) => {
      handed.push(...items);
      return Promise.resolve({ accepted: items.length, duplicates: 0, rejected: 0, results: [] });
    },
  } as unknown as IngestPipeline;
  return {
    controller: new SegmentController(auth, pipeline, parseConfig(ingestConfig, {})),
    handed,
  };
}

const BUILT_IN_NAMES = ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'];

describe('Segment /v1/batch', () => {
  it('maps track calls named after JavaScript built-ins to valid custom events, next to an ordinary call', async () => {
    const { controller, handed } = controllerKeepingItems();
    const now = new Date();
    const calls = [...BUILT_IN_NAMES, 'Coupon Spun'].map((event, i) => ({
      type: 'track',
      messageId: `m-${i}`,
      anonymousId: 'anon-1',
      event,
      properties: { i },
      timestamp: now.toISOString(),
    }));
    await controller.batch('application/json', 'Basic eA==', '127.0.0.1', { batch: calls });
    expect(handed.map((item) => item.errors)).toEqual(calls.map(() => []));
    const settings = { defaultPhoneRegion: 'CN', maxFutureMs: 60_000, maxPastMs: 86_400_000 };
    const normalised = handed.map((item) =>
      normaliseEvent(item.event, { connectorId: connector.id, channels: ['web'] }, now, settings),
    );
    expect(
      normalised.map((outcome) => outcome.ok && [outcome.event.type, outcome.event.payload]),
    ).toEqual(
      calls.map((call) => ['custom', { name: call.event, properties: { i: call.properties.i } }]),
    );
  });
});
