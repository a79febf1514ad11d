import { parseEnv, platformEnv } from '@omni/config';
import { topicCatalog } from '@omni/contracts';
import { provisionTopics } from '@omni/messaging';

// Creates every topic of the contract catalog that does not exist yet (idempotent).
async function main() {
  const { KAFKA_BROKERS } = parseEnv({ KAFKA_BROKERS: platformEnv.KAFKA_BROKERS });
  const result = await provisionTopics(
    { brokers: KAFKA_BROKERS, clientId: 'omni-provision' },
    topicCatalog,
  );
  console.log(`[topics] created ${result.created.length}, already there ${result.existing.length}`);
}

main().catch((error: unknown) => {
  console.error(`[topics] error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
