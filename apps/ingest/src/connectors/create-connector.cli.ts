// `npx nx run ingest:create-connector --id=tmall-demo --name="Tmall demo" --channels=tmall`
// Registers a connector straight in the ingest schema (for local use, after `migrate up`) and
// prints its key once.
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '@omni/config';
import { createServiceDataSource } from '@omni/database';
import { ingestConfig } from '../config/ingest-config';
import { service } from '../service';
import { entities } from '../entities';
import { ConnectorRepository } from './connector.repository';
import { createConnectorSchema } from './dto/connector.dto';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      channels: { type: 'string' },
      'rate-limit': { type: 'string' },
      burst: { type: 'string' },
    },
  });
  const ingest = parseConfig(ingestConfig);
  const { database } = ingest.platform;
  const parsed = createConnectorSchema.safeParse({
    id: values.id,
    name: values.name ?? values.id,
    channels: values.channels?.split(',').map((c) => c.trim()),
    rateLimitPerSecond:
      values['rate-limit'] === undefined ? undefined : Number(values['rate-limit']),
    burst: values.burst === undefined ? undefined : Number(values.burst),
  });
  if (!parsed.success) {
    console.error(
      `usage: create-connector --id=<id> --channels=<channel,...> [--name=<name>] [--rate-limit=<events/s>] [--burst=<events>]`,
    );
    for (const issue of parsed.error.issues)
      console.error(`  ${issue.path.join('.')}: ${issue.message}`);
    return 2;
  }
  const input = parsed.data;
  const rateLimitPerSecond = input.rateLimitPerSecond ?? ingest.rateLimit.defaultPerSecond;
  const dataSource = createServiceDataSource({
    service: service.name,
    schema: database.schema,
    url: database.url,
    poolSize: 1,
    entities,
  });
  await dataSource.initialize();
  try {
    const created = await new ConnectorRepository(dataSource, ingest.keys.scryptCost).create({
      ...input,
      rateLimitPerSecond,
      burst: input.burst ?? Math.max(rateLimitPerSecond, ingest.batch.maxEvents),
    });
    if (!created) {
      console.error(
        `connector ${input.id} already exists; rotate its key with POST /v1/admin/connectors/${input.id}/rotate-key`,
      );
      return 1;
    }
    console.warn(
      `connector ${created.connector.id} created for ${created.connector.channels.join(', ')}; its key is shown only now:`,
    );
    process.stdout.write(`${created.key}\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(1);
  });
