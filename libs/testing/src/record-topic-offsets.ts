import { allTopicEndOffsets } from '@omni/messaging';

// Run by the integration global setup: prints every topic's end offsets as JSON, so readers in
// this run start where the run started instead of scanning what earlier runs left on the broker.
allTopicEndOffsets({
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  clientId: 'omni-test-setup',
})
  .then((offsets) => process.stdout.write(JSON.stringify(offsets)))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
