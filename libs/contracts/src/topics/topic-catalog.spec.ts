import { eventDefinitions } from '../events/event-registry';
import { HEADERS } from './kafka-headers';
import { SERVICE_NAMES } from './service-names';
import { TOPICS, dltTopicFor, topicCatalog } from './topic-catalog';

const DAY_MS = 86_400_000;
const names = topicCatalog.map((topic) => topic.name);

describe('topic catalog', () => {
  it('declares every topic of the design once', () => {
    expect([...names].sort()).toEqual(
      [
        'ingest.raw.v1',
        'ingest.events.v1',
        'ingest.rejected.v1',
        'identity.resolved-events.v1',
        'identity.profile-changes.v1',
        'pricing.price-changes.v1',
        'promotions.redemptions.v1',
        'promotions.offers.v1',
        'crm.customer-changes.v1',
        'crm.journey-triggers.v1',
        'reporting.alerts.v1',
        'reporting.channel-decisions.v1',
        ...SERVICE_NAMES.map((service) => `${service}.dlt.v1`),
      ].sort(),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it('names topics <owner>.<name>.v<version> in kebab case', () => {
    for (const name of names)
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*\.v[1-9]\d*$/);
  });

  it('is addressed by constant name', () => {
    expect(TOPICS.ingestEvents.name).toBe('ingest.events.v1');
    expect(TOPICS.identityProfileChanges.name).toBe('identity.profile-changes.v1');
  });

  it('gives every service a dead-letter topic kept for 30 days', () => {
    for (const service of SERVICE_NAMES) {
      const topic = dltTopicFor(service);
      expect(topic.name).toBe(`${service}.dlt.v1`);
      expect(topic.producer).toBe(service);
      expect(topic.retentionMs).toBe(30 * DAY_MS);
      expect(topic.envelope).toBe('original-message');
    }
  });

  it('keeps event topics 7 days, and rejections and dead letters 30 days', () => {
    for (const topic of topicCatalog) {
      const forInvestigation =
        topic.name.endsWith('.dlt.v1') || topic.name === 'ingest.rejected.v1';
      expect([topic.name, topic.retentionMs]).toEqual([
        topic.name,
        (forInvestigation ? 30 : 7) * DAY_MS,
      ]);
    }
  });

  it('gives the high-volume event topics 6 partitions and the others 3', () => {
    const highVolume = ['ingest.raw.v1', 'ingest.events.v1', 'identity.resolved-events.v1'];
    for (const topic of topicCatalog) {
      expect([topic.name, topic.partitions]).toEqual([
        topic.name,
        highVolume.includes(topic.name) ? 6 : 3,
      ]);
    }
  });

  it('carries every channel event and reference feed from ingest through identity resolution', () => {
    const feeds = eventDefinitions
      .filter((definition) => definition.kind !== 'service')
      .map(({ type, version }) => ({ type, version }));
    for (const topic of [TOPICS.ingestRaw, TOPICS.ingestEvents, TOPICS.identityResolvedEvents]) {
      expect(topic.eventTypes).toEqual(feeds);
    }
  });

  it('puts every service event on exactly one topic, in the downstream envelope', () => {
    for (const definition of eventDefinitions.filter((d) => d.kind === 'service')) {
      const carriers = topicCatalog.filter((topic) =>
        topic.eventTypes.some(
          (ref) => ref.type === definition.type && ref.version === definition.version,
        ),
      );
      expect([definition.type, carriers.map((topic) => topic.envelope)]).toEqual([
        definition.type,
        ['downstream'],
      ]);
    }
  });

  it('says what the key of every topic means', () => {
    for (const topic of topicCatalog) expect(topic.key.length).toBeGreaterThan(5);
    expect(TOPICS.pricingPriceChanges.key).toBe('The sku.');
    expect(TOPICS.identityResolvedEvents.key).toMatch(/^The customerId\./);
    expect(TOPICS.ingestEvents.key).toMatch(
      /^The person's strongest identifier before resolution\./,
    );
  });

  it('never has a service consume its own topic', () => {
    for (const topic of topicCatalog) expect(topic.consumers).not.toContain(topic.producer);
  });
});

describe('Kafka headers', () => {
  it('are distinct lower-case names', () => {
    const values = Object.values(HEADERS);
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(value).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});
