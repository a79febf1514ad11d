import type { EventFact } from '../facts/event-facts';
import { ratingDeltas, ratingOf } from './csat-ratings';

const fact = (type: string, properties: Record<string, unknown>): EventFact => ({
  eventKey: 'cc:e1',
  customerId: 'cus_1',
  type,
  channel: 'call-center',
  campaignId: '',
  occurredAt: new Date('2026-06-20T10:00:00Z'),
  orderId: null,
  properties,
  experiments: null,
});

describe('CSAT ratings', () => {
  it('a survey about a service contact and the contact’s own rating share one answer key', () => {
    expect(ratingOf(fact('survey.answered', { satisfaction: 4, contactId: 'CT-1' }))).toMatchObject(
      { answerKey: 'contact:CT-1', score: 4 },
    );
    expect(
      ratingOf(fact('service.contacted', { contactId: 'CT-1', satisfaction: 2 }))?.answerKey,
    ).toBe('contact:CT-1');
  });

  it('a survey about no contact is an answer of its own event', () => {
    expect(ratingOf(fact('survey.answered', { satisfaction: 5, surveyId: 'NPS' }))?.answerKey).toBe(
      'event:cc:e1',
    );
  });

  it('a contact without a rating, a score outside 1–5 and other event types are no answer', () => {
    expect(ratingOf(fact('service.contacted', { contactId: 'CT-2' }))).toBeUndefined();
    expect(ratingOf(fact('survey.answered', { satisfaction: 6 }))).toBeUndefined();
    expect(ratingOf(fact('survey.answered', { satisfaction: 3.5 }))).toBeUndefined();
    expect(ratingOf(fact('review.submitted', { rating: 5 }))).toBeUndefined();
  });

  it('scores 4 and 5 are satisfied, 3 and below are not', () => {
    expect(ratingDeltas(4)).toEqual({ csatAnswers: 1, csatSatisfied: 1, csatScoreSum: 4 });
    expect(ratingDeltas(5).csatSatisfied).toBe(1);
    expect(ratingDeltas(3)).toEqual({ csatAnswers: 1, csatSatisfied: 0, csatScoreSum: 3 });
  });
});
