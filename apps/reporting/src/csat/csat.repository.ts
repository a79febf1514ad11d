import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CsatRating } from './csat-ratings';

@Injectable()
export class CsatRepository {
  /**
   * Stores the answers whose key is new; answers the event keys of those stored, the only ones
   * that count (a redelivery or a second rating of the same contact adds nothing).
   */
  async insertAnswers(tx: EntityManager, ratings: readonly CsatRating[]): Promise<Set<string>> {
    const unique = new Map<string, CsatRating>();
    for (const rating of ratings)
      if (!unique.has(rating.answerKey)) unique.set(rating.answerKey, rating);
    if (unique.size === 0) return new Set();
    const rows = [...unique.values()].sort((a, b) => (a.answerKey < b.answerKey ? -1 : 1));
    const stored: { event_key: string }[] = await tx.query(
      `INSERT INTO csat_answers (answer_key, event_key, score, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[])
       ON CONFLICT (answer_key) DO NOTHING
       RETURNING event_key`,
      [
        rows.map((r) => r.answerKey),
        rows.map((r) => r.eventKey),
        rows.map((r) => r.score),
        rows.map((r) => r.occurredAt.toISOString()),
      ],
    );
    return new Set(stored.map((row) => row.event_key));
  }
}
