import type { ConsentPurpose } from '@omni/contracts';

export type ConsentDecision = {
  channel: string;
  purpose: ConsentPurpose;
  granted: boolean;
  policyVersion: string | null;
  occurredAt: Date;
  source: string;
};

const slot = (decision: Pick<ConsentDecision, 'channel' | 'purpose'>) =>
  `${decision.channel}\u0000${decision.purpose}`;

/**
 * The decision in force from a person's own history: the latest by event time, so arrival
 * order never matters; at the same instant a withdrawal beats a grant.
 */
export function latestDecisions(history: readonly ConsentDecision[]): ConsentDecision[] {
  const current = new Map<string, ConsentDecision>();
  for (const decision of history) {
    const held = current.get(slot(decision));
    if (held === undefined || supersedes(decision, held)) current.set(slot(decision), decision);
  }
  return [...current.values()];
}

function supersedes(candidate: ConsentDecision, held: ConsentDecision): boolean {
  const delta = candidate.occurredAt.getTime() - held.occurredAt.getTime();
  if (delta !== 0) return delta > 0;
  return held.granted && !candidate.granted;
}

/**
 * Consent of merged profiles: per channel and purpose the most restrictive decision wins, so a
 * withdrawal on any of them is never lost by a merge. A slot only one profile decided keeps
 * that decision.
 */
export function mostRestrictive(profiles: readonly ConsentDecision[][]): ConsentDecision[] {
  const merged = new Map<string, ConsentDecision>();
  for (const decision of profiles.flat()) {
    const held = merged.get(slot(decision));
    if (
      held === undefined ||
      (held.granted && !decision.granted) ||
      (held.granted === decision.granted && decision.occurredAt > held.occurredAt)
    ) {
      merged.set(slot(decision), decision);
    }
  }
  return [...merged.values()];
}
