import { Logger } from '@nestjs/common';
import { RateLimitedLogger } from '@omni/observability';
import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import { installProduceRequestEncoder } from './producer/produce-request-encoder';
import { installRequestQueueIdleFix } from './request-queue-idle-fix';

export type KafkaClientOptions = { brokers: string[]; clientId?: string };

const logger = new Logger('kafkajs');
// While a broker is down kafkajs logs each reconnect attempt of every client the same way.
const repeats = new RateLimitedLogger(logger);

// kafkajs logs through its own JSON console writer by default; route it to the Nest logger
// (which services replace with pino) and keep only warnings and errors.
const nestLogCreator: logCreator = () => (entry: LogEntry) => {
  const { message, timestamp: _timestamp, logger: _logger, ...extra } = entry.log;
  const line = `${entry.namespace}: ${message}${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ''}`;
  const key = `${entry.namespace}: ${message}`;
  if (entry.level === logLevel.ERROR) repeats.error(key, line);
  else if (entry.level === logLevel.WARN) repeats.warn(key, line);
  else logger.debug(line);
};

export function createKafka(options: KafkaClientOptions, role: string): Kafka {
  installProduceRequestEncoder();
  installRequestQueueIdleFix();
  return new Kafka({
    brokers: options.brokers,
    clientId: `${options.clientId ?? 'omni'}-${role}`,
    logLevel: logLevel.WARN,
    logCreator: nestLogCreator,
  });
}
