// Jest globalSetup for integration specs: makes sure a real Kafka broker and a real Postgres
// answer before any spec runs. With a Docker engine it starts them with testcontainers;
// without one it runs the local, Docker-free infra (idempotent, instant when already up).
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');

function dockerEngineAnswers() {
  if (process.env.OMNI_TEST_INFRA === 'local') return false;
  const probe = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    timeout: 5000,
    encoding: 'utf8',
  });
  return probe.status === 0 && probe.stdout.trim().length > 0;
}

async function startContainers() {
  const { PostgreSqlContainer } = require('@testcontainers/postgresql');
  const { KafkaContainer } = require('@testcontainers/kafka');
  const [postgres, kafka] = await Promise.all([
    new PostgreSqlContainer('postgres:15-alpine')
      .withDatabase('omni')
      .withUsername('postgres')
      .withPassword('postgres')
      .start(),
    new KafkaContainer('confluentinc/cp-kafka:7.9.0')
      .withKraft()
      .withEnvironment({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' })
      .start(),
  ]);
  globalThis.__omniContainers = [postgres, kafka];
  const admin = new URL(postgres.getConnectionUri());
  admin.pathname = '/postgres';
  process.env.DATABASE_ADMIN_URL = admin.toString();
  process.env.OMNI_TEST_PG_HOST = postgres.getHost();
  process.env.OMNI_TEST_PG_PORT = String(postgres.getPort());
  process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
}

module.exports = async function globalSetup() {
  if (process.env.OMNI_TEST_INFRA_READY === '1') return;
  if (dockerEngineAnswers()) {
    await startContainers();
  } else {
    execFileSync('bash', [path.join(root, 'infra/bin/infra-up.sh')], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  process.env.OMNI_TEST_TOPIC_OFFSETS = execFileSync(
    process.execPath,
    [
      '-r',
      path.join(root, 'tools/ts-register.cjs'),
      path.join(__dirname, 'record-topic-offsets.ts'),
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' } },
  );
  process.env.OMNI_TEST_INFRA_READY = '1';
};
