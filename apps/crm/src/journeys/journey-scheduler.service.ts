import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Outbox, type OutboxMessage } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { ConsentRepository } from '../consent/consent.repository';
import { JourneyEngine } from './journey-engine.service';
import { firingDecision, quietUntil, type FiringDecision } from './firing-policy';
import type { JourneyDefinition } from './journey-definition';
import { journeyEventId, journeyTriggeredMessage } from './journey-triggered';
import { JourneysRepository, type DueTimer, type Firing } from './journeys.repository';

/**
 * Fires due journey timers. Each round claims a batch with FOR UPDATE SKIP LOCKED, so replicas
 * never take the same timer, and in the same transaction records every firing or suppression
 * (once per journey, instance and step), writes journey.triggered to the outbox and settles
 * the timers. A crash before commit leaves the timers pending for the next round; after
 * commit they are settled: a step fires once, whenever the process dies.
 */
@Injectable()
export class JourneyScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JourneyScheduler.name);
  private readonly journeys: Map<string, JourneyDefinition>;
  private stopping = false;
  private wake?: () => void;
  private loop?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CrmConfig,
    private readonly repository: JourneysRepository,
    private readonly consent: ConsentRepository,
    private readonly outbox: Outbox,
    private readonly engine: JourneyEngine,
  ) {
    this.journeys = new Map(
      config.journeys.definitions
        .filter((journey) => journey.enabled)
        .map((journey) => [journey.id, journey]),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.journeys.scheduler.enabled) this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { batchSize, pollIntervalMs } = this.config.journeys.scheduler;
    while (!this.stopping) {
      let claimed = 0;
      try {
        claimed = await this.fireDue();
      } catch (error) {
        this.logger.warn(
          `firing due journey timers failed, will retry: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (claimed < batchSize && !this.stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollIntervalMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  /** One round: fires (or suppresses, or defers past quiet hours) up to a batch of due timers. */
  fireDue(now: Date = new Date()): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const due = await this.repository.claimDue(tx, now, this.config.journeys.scheduler.batchSize);
      if (due.length === 0) return 0;
      const { quietHours, timeZone } = this.config.journeys;
      const quietEnd = quietUntil(now, quietHours, timeZone);
      if (quietEnd !== undefined) {
        await this.repository.deferMany(tx, due, quietEnd);
        return due.length;
      }
      await this.repository.lockContacts(
        tx,
        due.map((timer) => timer.customerId),
      );
      const decisions = await this.decideAll(tx, due, now);
      const firings = due.map((timer, i): Firing => {
        const decision = decisions[i];
        return {
          journeyId: timer.journeyId,
          instanceId: timer.instanceId,
          step: timer.step,
          customerId: timer.customerId,
          channel: this.journeys.get(timer.journeyId)?.channel ?? 'unknown',
          outcome: decision.fire ? 'triggered' : 'suppressed',
          reason: decision.fire ? null : decision.reason,
          explanation: decision.fire ? null : decision.explanation,
          dueAt: timer.dueAt,
          firedAt: now,
          eventId: decision.fire ? journeyEventId(timer) : null,
        };
      });
      const recorded = await this.repository.recordFirings(tx, firings);
      const messages: OutboxMessage[] = [];
      due.forEach((timer, i) => {
        const journey = this.journeys.get(timer.journeyId);
        const fresh = recorded.has(`${timer.journeyId}/${timer.instanceId}/${timer.step}`);
        if (fresh && decisions[i].fire && journey !== undefined) {
          messages.push(
            journeyTriggeredMessage(
              this.config.topics.journeyTriggers,
              timer,
              journey.trigger,
              journey.channel,
              now,
            ),
          );
        }
      });
      const completed = await this.repository.settleMany(
        tx,
        due.map((timer, i) => ({ timer, status: decisions[i].fire ? 'fired' : 'suppressed' })),
        now,
      );
      const byInstance = new Map(due.map((timer) => [timer.instanceId, timer]));
      await this.engine.applySignals(
        tx,
        completed.flatMap(({ instanceId, anchorAt }) => {
          const timer = byInstance.get(instanceId);
          if (timer === undefined || !this.journeys.has(timer.journeyId)) return [];
          return [
            {
              signal: {
                kind: 'recurrence' as const,
                customerId: timer.customerId,
                journeyId: timer.journeyId,
                anchor: anchorAt,
                context: timer.context,
                occurredAt: now,
              },
              sourceKey: timer.sourceEventKey,
            },
          ];
        }),
      );
      await this.outbox.enqueueMany(tx, messages);
      return due.length;
    });
  }

  /**
   * The decision for each claimed timer, in order, from the batch's consent, contacts and
   * re-entry facts read at once; a contact decided earlier in the batch counts for later ones.
   */
  private async decideAll(
    tx: EntityManager,
    due: readonly DueTimer[],
    now: Date,
  ): Promise<FiringDecision[]> {
    const { contactCap, contactCapWindowHours } = this.config.journeys;
    const customerIds = [...new Set(due.map((timer) => timer.customerId))];
    const known = due.flatMap((timer) => {
      const journey = this.journeys.get(timer.journeyId);
      return journey ? [{ timer, journey }] : [];
    });
    const consented = await this.consent.allowsMany(
      tx,
      known.map(({ timer, journey }) => ({
        customerId: timer.customerId,
        channel: journey.channel,
        purpose: journey.purpose,
      })),
    );
    const contacts = await this.repository.contactsSinceMany(
      tx,
      customerIds,
      new Date(now.getTime() - contactCapWindowHours * 3_600_000),
    );
    const reentryJourneys = [
      ...new Set(
        known.filter(({ journey }) => journey.reentryDays > 0).map(({ journey }) => journey.id),
      ),
    ];
    const lastContacts =
      reentryJourneys.length === 0
        ? []
        : await this.repository.lastContacts(tx, customerIds, reentryJourneys);
    return due.map((timer) => {
      const journey = this.journeys.get(timer.journeyId);
      if (journey === undefined) {
        return firingDecision({
          journeyEnabled: false,
          consent: false,
          contactsInWindow: 0,
          contactCap: 0,
          lastJourneyContactAt: null,
          reentryDays: 0,
          now,
        });
      }
      const contactKey = `${timer.customerId}/${journey.channel}`;
      const previous = lastContacts
        .filter(
          (c) =>
            c.customerId === timer.customerId &&
            c.journeyId === journey.id &&
            c.instanceId !== timer.instanceId,
        )
        .reduce<Date | null>(
          (latest, c) => (latest === null || c.at > latest ? c.at : latest),
          null,
        );
      const decision = firingDecision({
        journeyEnabled: true,
        consent: consented.has(`${timer.customerId}/${journey.channel}/${journey.purpose}`),
        contactsInWindow: contacts.get(contactKey) ?? 0,
        contactCap,
        lastJourneyContactAt: previous,
        reentryDays: journey.reentryDays,
        now,
      });
      if (decision.fire) {
        contacts.set(contactKey, (contacts.get(contactKey) ?? 0) + 1);
        lastContacts.push({
          customerId: timer.customerId,
          journeyId: journey.id,
          instanceId: timer.instanceId,
          at: now,
        });
      }
      return decision;
    });
  }
}
