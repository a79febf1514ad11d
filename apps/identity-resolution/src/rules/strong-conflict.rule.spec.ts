import { DEFAULT_POLICY } from './identity-policy';
import { strongConflictRule } from './strong-conflict.rule';
import { at, member } from './test-members.spec-helper';

const eventTime = at('2025-06-30T00:00:00Z');

describe('the strong-conflict rule', () => {
  it('reports two profiles holding different memberIds as a conflict', () => {
    const verdict = strongConflictRule.check(
      {
        current: [member('memberId', 'm1', 'A'), member('phone', 'p', 'A')],
        incoming: [member('memberId', 'm2', 'B')],
        eventTime,
      },
      DEFAULT_POLICY,
    );
    expect(verdict).toEqual({
      ok: false,
      rule: 'strong-conflict',
      reason: 'both profiles hold a different memberId',
      conflict: true,
    });
  });

  it('is no conflict when the other memberId is new in this event (that is a plain limit)', () => {
    const verdict = strongConflictRule.check(
      {
        current: [member('memberId', 'm1', 'A')],
        incoming: [member('memberId', 'm2', null)],
        eventTime,
      },
      DEFAULT_POLICY,
    );
    expect(verdict).toEqual({ ok: true });
  });

  it('is no conflict for two phones, which are not a strong type', () => {
    const verdict = strongConflictRule.check(
      { current: [member('phone', 'p1', 'A')], incoming: [member('phone', 'p2', 'B')], eventTime },
      DEFAULT_POLICY,
    );
    expect(verdict).toEqual({ ok: true });
  });
});
