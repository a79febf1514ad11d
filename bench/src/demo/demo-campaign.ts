import { CHANNELS } from '@omni/contracts';

const CAMPAIGN_NAME = 'Demo: 滿300減50, 滿600減120 on every channel';
const change = { reason: 'npm run demo' };

/**
 * Makes sure promotions has a live campaign covering the streamed days, so orders placed in
 * them record redemptions (promotions re-quotes each order at its event time) and reporting's
 * promotions table and discounts have figures. Written by one actor and approved by another,
 * as promotions requires; a campaign of that name already live is reused.
 */
export async function ensureDemoCampaign(
  promotions: { readonly url: string; readonly adminToken: string },
  span: { readonly from: Date; readonly until: Date },
): Promise<string> {
  const call = async (path: string, body?: object, actor = 'demo:author') => {
    const response = await fetch(`${promotions.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${promotions.adminToken}`,
        'x-omni-actor': actor,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`promotions ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  };
  const live = (await call('/v1/campaigns?status=live')) as {
    id: string;
    name: string;
    startsAt: string;
    endsAt: string;
  }[];
  const covering = live.find(
    (campaign) =>
      campaign.name === CAMPAIGN_NAME &&
      Date.parse(campaign.startsAt) <= span.from.getTime() &&
      Date.parse(campaign.endsAt) >= span.until.getTime(),
  );
  if (covering !== undefined) return covering.id;
  const { id } = (await call('/v1/campaigns', {
    name: CAMPAIGN_NAME,
    channels: [...CHANNELS],
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    startsAt: span.from.toISOString(),
    endsAt: span.until.toISOString(),
    ...change,
  })) as { id: string };
  await call(`/v1/campaigns/${id}/promotions`, {
    name: '滿300減50, 滿600減120',
    priority: 50,
    actions: [
      {
        code: 'spend-tiers',
        args: {
          tiers: [
            { threshold: 30_000, off: 5_000 },
            { threshold: 60_000, off: 12_000 },
          ],
        },
      },
    ],
    ...change,
  });
  await call(`/v1/campaigns/${id}/approve`, change, 'demo:approver');
  await call(`/v1/campaigns/${id}/launch`, change, 'demo:approver');
  return id;
}
