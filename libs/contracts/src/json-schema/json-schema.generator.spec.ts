import { eventDefinitions } from '../events/event-registry';
import { buildJsonSchemaFiles, type JsonSchema } from './json-schema.generator';
import { unresolvedRefs } from './unresolved-refs.spec-helper';

const files = buildJsonSchemaFiles();
const schemaOf = (fileName: string): JsonSchema => {
  const file = files.find((candidate) => candidate.fileName === fileName);
  if (file === undefined) throw new Error(`no ${fileName}`);
  return file.schema;
};

describe('JSON Schema export', () => {
  it('writes the two envelopes and one file per event type and version', () => {
    expect(files.map((file) => file.fileName).sort()).toEqual(
      [
        'envelope.json',
        'downstream-envelope.json',
        ...eventDefinitions.map((definition) => `${definition.type}.v${definition.version}.json`),
      ].sort(),
    );
  });

  it.each(files.map((file) => [file.fileName, file.schema] as const))(
    '%s is self-contained: every $ref resolves inside it',
    (_name, schema) => {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(unresolvedRefs(schema)).toEqual([]);
    },
  );

  it('describes an order as connectors must send it', () => {
    const order = schemaOf('order.placed.v1.json');
    expect(order.title).toBe('order.placed.v1');
    expect(order.required).toEqual([
      'eventId',
      'type',
      'version',
      'occurredAt',
      'channel',
      'identifiers',
      'payload',
    ]);
    expect(order.additionalProperties).toBe(false);
    expect(order.properties?.['type']).toEqual({ type: 'string', const: 'order.placed' });
    expect(order.$defs?.['Money']).toMatchObject({
      required: ['amount', 'currency'],
      properties: { amount: { type: 'integer', minimum: 0 }, currency: { pattern: '^[A-Z]{3}$' } },
    });
  });

  it('lets reference feeds omit identifiers and makes service events carry their causation', () => {
    expect(schemaOf('marketing.spend.v1.json').required).not.toContain('identifiers');
    expect(schemaOf('profile.merged.v1.json').required).toEqual(
      expect.arrayContaining(['correlationId', 'causationId']),
    );
  });
});
