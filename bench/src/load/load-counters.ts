/** What a load run has seen so far; senders update it, the progress display and summary read it. */
export class LoadCounters {
  sent = 0;
  accepted = 0;
  duplicates = 0;
  rejected = 0;
  /** Events that could not be delivered (transport errors, 4xx/5xx after retries). */
  errors = 0;
  /** Duration of each request (HTTP) or send (Kafka), in ms. */
  readonly latenciesMs: number[] = [];
  /** Error messages with how often each was seen, so the summary shows causes, not just counts. */
  readonly errorCauses = new Map<string, number>();
  /** Rejection reasons (first error of each rejected event) with counts. */
  readonly rejectionCauses = new Map<string, number>();

  get answered(): number {
    return this.accepted + this.duplicates + this.rejected + this.errors;
  }

  get inFlight(): number {
    return this.sent - this.answered;
  }

  recordError(message: string, events: number): void {
    this.errors += events;
    this.errorCauses.set(message, (this.errorCauses.get(message) ?? 0) + events);
  }

  recordRejection(reason: string): void {
    this.rejectionCauses.set(reason, (this.rejectionCauses.get(reason) ?? 0) + 1);
  }
}
