import type { CounterDeltas, EventFact } from '../facts/event-facts';

/** One CSAT answer: a 1–5 score, counted once per answer key. */
export type CsatRating = { answerKey: string; eventKey: string; score: number; occurredAt: Date };

export const SERVICE_CONTACT = 'service.contacted';

const scoreOf = (value: unknown): number | undefined =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5
    ? (value as number)
    : undefined;

/**
 * The CSAT answer an event carries: a survey's score, or the satisfaction a service contact was
 * rated with. A rating of a service contact is keyed by the contact, so a contact rated on the
 * call and again in an after-contact survey counts once; any other survey by its own event.
 */
export function ratingOf(fact: EventFact): CsatRating | undefined {
  if (fact.type !== 'survey.answered' && fact.type !== SERVICE_CONTACT) return undefined;
  const score = scoreOf(fact.properties['satisfaction']);
  if (score === undefined) return undefined;
  const contactId = fact.properties['contactId'];
  const answerKey =
    typeof contactId === 'string' && contactId !== ''
      ? `contact:${contactId}`
      : `event:${fact.eventKey}`;
  return { answerKey, eventKey: fact.eventKey, score, occurredAt: fact.occurredAt };
}

/** What one counted answer adds to its KPI buckets: satisfied means a score of 4 or 5. */
export const ratingDeltas = (score: number): CounterDeltas => ({
  csatAnswers: 1,
  csatSatisfied: score >= 4 ? 1 : 0,
  csatScoreSum: score,
});
