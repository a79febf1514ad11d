import type { DownstreamEventOf, JourneyTrigger } from '@omni/contracts';
import type { OutboxMessage } from '@omni/messaging';
import type { DueTimer } from './journeys.repository';

type Payload = DownstreamEventOf<'journey.triggered'>['payload'];

const contextField = <K extends keyof Payload>(context: Record<string, unknown>, key: K) =>
  context[key] === undefined || context[key] === null ? {} : { [key]: context[key] as Payload[K] };

/** The eventId of a step's trigger: one per journey instance and step, so consumers can dedupe. */
export const journeyEventId = (timer: Pick<DueTimer, 'instanceId' | 'step'>): string =>
  `crm-journey-${timer.instanceId}-${timer.step}`;

/** The journey.triggered event of a fired step, keyed by the customer. */
export function journeyTriggeredMessage(
  topic: string,
  timer: DueTimer,
  trigger: JourneyTrigger,
  channel: string,
  firedAt: Date,
): OutboxMessage {
  const causation = timer.sourceEventKey ?? timer.instanceId;
  const event: DownstreamEventOf<'journey.triggered'> = {
    eventId: journeyEventId(timer),
    type: 'journey.triggered',
    version: 1,
    occurredAt: firedAt.toISOString(),
    customerId: timer.customerId,
    correlationId: causation,
    causationId: causation,
    payload: {
      journeyId: timer.journeyId,
      trigger,
      step: timer.step,
      dueAt: timer.dueAt.toISOString(),
      instanceId: timer.instanceId,
      channel: channel as Payload['channel'],
      ...contextField(timer.context, 'orderId'),
      ...contextField(timer.context, 'sku'),
      ...contextField(timer.context, 'lifecycleStage'),
      ...contextField(timer.context, 'valueTier'),
      ...contextField(timer.context, 'churnReason'),
      ...contextField(timer.context, 'segments'),
    },
  } as DownstreamEventOf<'journey.triggered'>;
  return { topic, key: timer.customerId, value: event };
}
