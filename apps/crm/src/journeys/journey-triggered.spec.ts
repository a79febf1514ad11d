import { validateDownstreamEvent } from '@omni/contracts';
import { journeyTriggeredMessage } from './journey-triggered';

describe('journey.triggered', () => {
  it('a win-back trigger carries lifecycle, value tier, churn reason and segments, and is a valid event', () => {
    const message = journeyTriggeredMessage(
      'crm.journey-triggers.v1',
      {
        id: '1',
        instanceId: '7d0e8a40-8b9e-4b43-9d0b-3f7d7c1f0a11',
        journeyId: 'win-back',
        customerId: 'cus_1',
        step: 'offer',
        stepIndex: 0,
        dueAt: new Date('2025-06-18T02:00:00Z'),
        scopeKey: '',
        context: {
          lifecycleStage: 'churned-short',
          valueTier: 'high',
          churnReason: 'price-sensitive',
          segments: ['seg_vip'],
          explanation: 'the customer entered churned-short',
        },
        sourceEventKey: null,
      },
      'win-back',
      'sms',
      new Date('2025-06-18T02:00:01Z'),
    );
    expect(message.key).toBe('cus_1');
    expect(validateDownstreamEvent(message.value)).toMatchObject({ ok: true });
    expect(message.value).toMatchObject({
      eventId: 'crm-journey-7d0e8a40-8b9e-4b43-9d0b-3f7d7c1f0a11-offer',
      payload: { valueTier: 'high', churnReason: 'price-sensitive', segments: ['seg_vip'] },
    });
  });
});
