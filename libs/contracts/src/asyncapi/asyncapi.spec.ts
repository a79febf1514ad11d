import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { unresolvedRefs } from '../json-schema/unresolved-refs.spec-helper';
import { topicCatalog } from '../topics/topic-catalog';
import {
  buildAsyncApiDocument,
  CONTRACTS_VERSION,
  DELIVERY_NOTE,
  renderAsyncApiYaml,
} from './asyncapi.generator';

const committedPath = join(__dirname, '..', '..', 'asyncapi.yaml');
const document = buildAsyncApiDocument();

describe('AsyncAPI document', () => {
  it('the committed libs/contracts/asyncapi.yaml is up to date', () => {
    const committed = readFileSync(committedPath, 'utf8').split('\n');
    const fresh = renderAsyncApiYaml(document).split('\n');
    const line = fresh.findIndex((text, index) => committed[index] !== text);
    if (line !== -1 || committed.length !== fresh.length) {
      throw new Error(
        `libs/contracts/asyncapi.yaml is stale (first difference at line ${line === -1 ? fresh.length + 1 : line + 1}). ` +
          'Run `npx nx run contracts:asyncapi` and commit the result.',
      );
    }
  });

  it('parses back to the document it was rendered from', () => {
    expect(parse(renderAsyncApiYaml(document))).toEqual(document);
  });

  it('is AsyncAPI 3.0 for Omni at the workspace version', () => {
    const workspace = JSON.parse(
      readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'),
    );
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.info.title).toBe('Omni');
    expect(document.info.version).toBe(CONTRACTS_VERSION);
    expect(CONTRACTS_VERSION).toBe(workspace.version);
  });

  it('has one channel per topic, addressed by the topic name, with its Kafka settings', () => {
    expect(Object.keys(document.channels)).toEqual(topicCatalog.map((topic) => topic.name));
    for (const topic of topicCatalog) {
      const channel = document.channels[topic.name];
      expect(channel.address).toBe(topic.name);
      expect(channel.description).toContain(`Key: ${topic.key}`);
      expect(channel.bindings.kafka).toMatchObject({
        partitions: topic.partitions,
        topicConfiguration: {
          'retention.ms': topic.retentionMs,
          'cleanup.policy': [topic.cleanupPolicy],
        },
      });
    }
  });

  it('tells every subscriber of an event topic that copies happen and how to deduplicate them', () => {
    expect(document.info.description).toContain(DELIVERY_NOTE);
    for (const topic of topicCatalog.filter((t) => t.envelope !== 'original-message'))
      expect(document.channels[topic.name].description).toContain('eventDedupeKey');
  });

  it('lists a message per event type and version each topic carries', () => {
    expect(Object.keys(document.channels['pricing.price-changes.v1'].messages)).toEqual([
      'price.changed.v1',
      'price.withdrawn.v1',
      'price.consistency-breached.v1',
    ]);
    expect(document.channels['identity.resolved-events.v1'].messages).toHaveProperty([
      'order.placed.v1.resolved',
    ]);
    expect(document.channels['ingest.events.v1'].messages).toHaveProperty(['order.placed.v1']);
    expect(document.components.messages['order.placed.v1'].payload).toEqual({
      $ref: '#/components/schemas/order.placed.v1',
    });
  });

  it('has a send operation for each producer and a receive operation for each consumer', () => {
    const operations = Object.values(document.operations);
    for (const topic of topicCatalog) {
      const onTopic = operations.filter(
        (operation) => operation.channel.$ref === `#/channels/${topic.name}`,
      );
      expect(onTopic.filter((operation) => operation.action === 'send')).toHaveLength(1);
      expect(onTopic.filter((operation) => operation.action === 'receive')).toHaveLength(
        topic.consumers.length,
      );
    }
  });

  it('resolves every $ref inside the document', () => {
    expect(unresolvedRefs(document)).toEqual([]);
  });
});
