import { useHarness } from '@omni/testing';
import {
  auth,
  eventually,
  processed,
  profileChange,
  resolvedEvent,
  startCrmHarness,
} from './support/crm-harness';

type Consent = { channel: string; purpose: string; granted: boolean; source: string };

describe('consent per channel and purpose', () => {
  const h = useHarness(() => startCrmHarness({ CRM_JOURNEY_SCHEDULER_ENABLED: 'false' }));

  const consentOf = async (customerId: string) => {
    const response = await h.app.inject({
      method: 'GET',
      url: `/v1/customers/${customerId}/consent`,
      headers: auth,
    });
    expect(response.statusCode).toBe(200);
    return response.json() as { consents: Consent[]; history: Consent[] };
  };

  const consentEvent = (
    customerId: string,
    granted: boolean,
    occurredAt: string,
    channel = 'sms',
    purpose = 'marketing',
  ) =>
    resolvedEvent('customer.consent-updated', customerId, {
      occurredAt: new Date(occurredAt),
      payload: { channel, purpose, granted },
    });

  it('customer.consent-updated events set consent by event time, whatever order they arrive in, and keep the history', async () => {
    const later = consentEvent('cus_consent_order', false, '2025-06-02T00:00:00Z');
    const earlier = consentEvent('cus_consent_order', true, '2025-06-01T00:00:00Z');
    await h.send(h.topics.resolvedEvents, later);
    await eventually(() => processed(h.db, [later]), 'the withdrawal');
    await h.send(h.topics.resolvedEvents, earlier);
    await eventually(() => processed(h.db, [earlier]), 'the older grant');
    const consent = await consentOf('cus_consent_order');
    expect(consent.consents).toEqual([
      expect.objectContaining({ channel: 'sms', purpose: 'marketing', granted: false }),
    ]);
    expect(consent.history.map((entry) => entry.granted)).toEqual([true, false]);
  });

  it('a redelivered consent event is recorded once', async () => {
    const grant = consentEvent('cus_consent_redelivered', true, '2025-06-01T00:00:00Z');
    await h.send(h.topics.resolvedEvents, grant, grant);
    await eventually(() => processed(h.db, [grant]), 'the grant');
    const marker = consentEvent('cus_consent_redelivered', true, '2025-06-03T00:00:00Z', 'email');
    await h.send(h.topics.resolvedEvents, grant, marker);
    await eventually(() => processed(h.db, [marker]), 'the marker');
    expect((await consentOf('cus_consent_redelivered')).history).toHaveLength(2);
  });

  it('PUT records decisions made now by an admin, per channel and purpose, leaving other slots alone', async () => {
    const grant = consentEvent('cus_consent_put', true, '2025-06-01T00:00:00Z', 'email');
    await h.send(h.topics.resolvedEvents, grant);
    await eventually(() => processed(h.db, [grant]), 'the grant');
    const response = await h.app.inject({
      method: 'PUT',
      url: '/v1/customers/cus_consent_put/consent',
      headers: auth,
      payload: {
        actor: 'ops:li.wei',
        consents: [
          { channel: 'sms', purpose: 'marketing', granted: true },
          { channel: 'sms', purpose: 'analytics', granted: false },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { consents: Consent[]; history: { actor: string | null }[] };
    expect(body.consents).toEqual([
      expect.objectContaining({
        channel: 'email',
        purpose: 'marketing',
        granted: true,
        source: 'event',
      }),
      expect.objectContaining({
        channel: 'sms',
        purpose: 'analytics',
        granted: false,
        source: 'api',
      }),
      expect.objectContaining({
        channel: 'sms',
        purpose: 'marketing',
        granted: true,
        source: 'api',
      }),
    ]);
    expect(body.history.filter((entry) => entry.actor === 'ops:li.wei')).toHaveLength(2);
  });

  it.each([
    [
      'an unknown purpose',
      { actor: 'ops', consents: [{ channel: 'sms', purpose: 'spam', granted: true }] },
    ],
    [
      'an unknown channel',
      { actor: 'ops', consents: [{ channel: 'pigeon', purpose: 'marketing', granted: true }] },
    ],
    ['no decisions', { actor: 'ops', consents: [] }],
    ['no actor', { consents: [{ channel: 'sms', purpose: 'marketing', granted: true }] }],
    [
      'the same slot twice',
      {
        actor: 'ops',
        consents: [
          { channel: 'sms', purpose: 'marketing', granted: true },
          { channel: 'sms', purpose: 'marketing', granted: false },
        ],
      },
    ],
  ])('PUT with %s answers 400 invalid_request and changes nothing', async (_case, payload) => {
    const response = await h.app.inject({
      method: 'PUT',
      url: '/v1/customers/cus_consent_bad/consent',
      headers: auth,
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_request' });
    expect(await consentOf('cus_consent_bad')).toMatchObject({ consents: [], history: [] });
  });

  it('the consent API refuses a request without the admin token', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/v1/customers/cus_x/consent' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'invalid_admin_token' });
  });

  it('a merge keeps the most restrictive decision per slot, even when the grant is newer, until the customer decides again', async () => {
    const survivorGrant = consentEvent('cus_merge_survivor', true, '2025-06-10T00:00:00Z');
    const mergedWithdrawal = consentEvent('cus_merge_merged', false, '2025-06-01T00:00:00Z');
    const mergedEmail = consentEvent('cus_merge_merged', true, '2025-06-01T00:00:00Z', 'email');
    await h.send(h.topics.resolvedEvents, survivorGrant, mergedWithdrawal, mergedEmail);
    await eventually(
      () => processed(h.db, [survivorGrant, mergedWithdrawal, mergedEmail]),
      'the decisions',
    );
    const merged = profileChange('profile.merged', 'cus_merge_survivor', {
      survivorId: 'cus_merge_survivor',
      mergedIds: ['cus_merge_merged'],
      version: 2,
    });
    await h.send(h.topics.profileChanges, merged);
    await eventually(() => processed(h.db, [merged]), 'the merge');
    const afterMerge = await consentOf('cus_merge_survivor');
    expect(afterMerge.consents).toEqual([
      expect.objectContaining({ channel: 'email', granted: true }),
      expect.objectContaining({ channel: 'sms', granted: false, source: 'merge' }),
    ]);
    expect(await consentOf('cus_merge_merged')).toMatchObject({ consents: [], history: [] });
    // Another slot changing does not resurrect the survivor's older grant.
    const push = consentEvent('cus_merge_survivor', true, '2025-06-11T00:00:00Z', 'push');
    await h.send(h.topics.resolvedEvents, push, merged);
    await eventually(() => processed(h.db, [push]), 'the push grant');
    expect((await consentOf('cus_merge_survivor')).consents).toEqual([
      expect.objectContaining({ channel: 'email', granted: true }),
      expect.objectContaining({ channel: 'push', granted: true }),
      expect.objectContaining({ channel: 'sms', granted: false }),
    ]);
    const regrant = consentEvent('cus_merge_survivor', true, '2025-06-12T00:00:00Z');
    await h.send(h.topics.resolvedEvents, regrant);
    await eventually(() => processed(h.db, [regrant]), 'the new grant');
    expect((await consentOf('cus_merge_survivor')).consents).toContainEqual(
      expect.objectContaining({ channel: 'sms', granted: true }),
    );
  });

  it('a split moves the decisions its events carried to the new profile; an erasure deletes every decision', async () => {
    const stays = consentEvent('cus_split_from', true, '2025-06-01T00:00:00Z');
    const moves = consentEvent('cus_split_from', false, '2025-06-02T00:00:00Z', 'email');
    await h.send(h.topics.resolvedEvents, stays, moves);
    await eventually(() => processed(h.db, [stays, moves]), 'the decisions');
    const split = profileChange(
      'profile.split',
      'cus_split_from',
      {
        fromId: 'cus_split_from',
        newIds: ['cus_split_new'],
        version: 3,
        part: 1,
        parts: 1,
        moves: [{ customerId: 'cus_split_new', eventKeys: [`brand-app:${moves.eventId}`] }],
      },
      2,
    );
    await h.send(h.topics.profileChanges, split);
    await eventually(() => processed(h.db, [split]), 'the split');
    expect((await consentOf('cus_split_from')).consents).toEqual([
      expect.objectContaining({ channel: 'sms', granted: true }),
    ]);
    expect((await consentOf('cus_split_new')).consents).toEqual([
      expect.objectContaining({ channel: 'email', granted: false }),
    ]);
    const erased = profileChange('profile.erased', 'cus_split_new', {
      customerId: 'cus_split_new',
      version: 4,
    });
    await h.send(h.topics.profileChanges, erased);
    await eventually(() => processed(h.db, [erased]), 'the erasure');
    expect(await consentOf('cus_split_new')).toMatchObject({ consents: [], history: [] });
    expect((await consentOf('cus_split_from')).consents).toHaveLength(1);
  });
});
