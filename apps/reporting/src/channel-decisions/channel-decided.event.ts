import { HEADERS } from '@omni/contracts';
import type { OutboxMessage } from '@omni/messaging';
import type { StoredDecision } from './channel-decisions.repository';

/**
 * channel.decided for one stored revision of a decision, keyed by channel. The event id names
 * the period, channel and revision, so a revision is one event however often it is enqueued.
 */
export function channelDecidedMessage(topic: string, decision: StoredDecision): OutboxMessage {
  const decisionId = `${decision.periodEnd}:${decision.channel}`;
  const eventId = `reporting-decision:${decisionId}:r${decision.revision}`;
  return {
    topic,
    key: decision.channel,
    headers: { [HEADERS.eventType]: 'channel.decided', [HEADERS.eventVersion]: '1' },
    value: {
      eventId,
      type: 'channel.decided',
      version: 1,
      occurredAt: decision.decidedAt.toISOString(),
      identifiers: {},
      correlationId: `reporting-decision:${decision.periodEnd}`,
      causationId: `reporting-decision:${decision.periodEnd}`,
      payload: {
        decisionId,
        channel: decision.channel,
        periodStart: decision.periodStart,
        periodEnd: decision.periodEnd,
        revision: decision.revision,
        recommendation: decision.recommendation,
        healthIndex: decision.healthIndex,
        resourceCut: decision.resourceCut,
        reason: decision.reason.slice(0, 1_000),
        decidedAt: decision.decidedAt.toISOString(),
        figures: decision.figures,
      },
    },
  };
}
