import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import { installProduceRequestEncoder } from './producer/produce-request-encoder';

export type KafkaClientOptions = { brokers: string[]; clientId?: string };

const logger = new Logger('kafkajs');

// kafkajs logs through its own JSON console writer by default; route it to the Nest logger
// (which services replace with pino) and keep only warnings and errors.
const nestLogCreator: logCreator = () => (entry: LogEntry) => {
  const { message, timestamp: _timestamp, logger: _logger, ...extra } = entry.log;
  const line = `${entry.namespace}: ${message}${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ''}`;
  if (entry.level === logLevel.ERROR) logger.error(line);
  else if (entry.level === logLevel.WARN) logger.warn(line);
  else logger.debug(line);
};

export function createKafka(options: KafkaClientOptions, role: string): Kafka {
  installProduceRequestEncoder();
  return new Kafka({
    brokers: options.brokers,
    clientId: `${options.clientId ?? 'omni'}-${role}`,
    logLevel: logLevel.WARN,
    logCreator: nestLogCreator,
  });
}
