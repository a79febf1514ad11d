import { latestDecisions, mostRestrictive, type ConsentDecision } from './consent-rules';

const decision = (
  granted: boolean,
  at: string,
  channel = 'sms',
  purpose: ConsentDecision['purpose'] = 'marketing',
): ConsentDecision => ({
  channel,
  purpose,
  granted,
  policyVersion: null,
  occurredAt: new Date(at),
  source: 'event',
});

describe('consent rules', () => {
  it('the latest decision by event time is in force, whatever order they arrived in', () => {
    const grant = decision(true, '2025-06-01T00:00:00Z');
    const withdraw = decision(false, '2025-06-02T00:00:00Z');
    expect(latestDecisions([withdraw, grant])).toEqual([withdraw]);
    expect(latestDecisions([grant, withdraw])).toEqual([withdraw]);
  });

  it('a withdrawal beats a grant made at the same instant', () => {
    const grant = decision(true, '2025-06-01T00:00:00Z');
    const withdraw = decision(false, '2025-06-01T00:00:00Z');
    expect(latestDecisions([withdraw, grant])).toEqual([withdraw]);
    expect(latestDecisions([grant, withdraw])).toEqual([withdraw]);
  });

  it('slots are per channel and purpose', () => {
    const sms = decision(true, '2025-06-01T00:00:00Z', 'sms');
    const email = decision(false, '2025-06-01T00:00:00Z', 'email');
    const analytics = decision(true, '2025-06-01T00:00:00Z', 'sms', 'analytics');
    expect(latestDecisions([sms, email, analytics])).toHaveLength(3);
  });

  it('on a merge the most restrictive decision wins even when the grant is newer', () => {
    const olderWithdrawal = decision(false, '2025-01-01T00:00:00Z');
    const newerGrant = decision(true, '2025-06-01T00:00:00Z');
    expect(mostRestrictive([[newerGrant], [olderWithdrawal]])).toEqual([olderWithdrawal]);
  });

  it('on a merge a slot only one profile decided keeps that decision', () => {
    const grant = decision(true, '2025-01-01T00:00:00Z', 'email');
    const withdraw = decision(false, '2025-01-01T00:00:00Z', 'sms');
    expect(mostRestrictive([[grant], [withdraw]])).toEqual([grant, withdraw]);
  });
});
