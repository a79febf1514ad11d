/** How far the transactional outbox is behind: unpublished rows and the age of the oldest. */
export type OutboxLag = { rows: number; oldestAgeMs: number };

/**
 * Answers whether the service's Kafka clients are connected. An injection token as well as a
 * contract, so this library never imports messaging: an app binds it to `MessagingHealth`.
 */
export abstract class KafkaReadinessProbe {
  abstract kafkaReady(): Promise<boolean>;
}

/** Reports the outbox lag; bound, like KafkaReadinessProbe, to `MessagingHealth`. */
export abstract class OutboxLagProbe {
  abstract outboxLag(): Promise<OutboxLag>;
}
