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

/** One consumer as readiness sees it; `ready` while it is joining its group or consuming. */
export type ConsumerReadiness = {
  name: string;
  status: string;
  ready: boolean;
  gatesReadiness: boolean;
  /** Why it last failed to start or crashed, while it is not ready. */
  error?: string;
};

/**
 * Lists the service's consumers; bound to `ConsumersReadiness` from @omni/messaging, which asks
 * the main thread when the probe lands on another HTTP thread (ADR 0040).
 */
export abstract class ConsumerReadinessProbe {
  abstract consumers(): ConsumerReadiness[] | Promise<ConsumerReadiness[]>;
}
