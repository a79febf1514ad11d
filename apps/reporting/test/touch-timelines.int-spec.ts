import { randomUUID } from 'node:crypto';
import { decodeDownstreamMessage } from '@omni/contracts';
import { useHarness } from '@omni/testing';
import { AttributionService } from '../src/attribution/attribution.service';
import { FactsService } from '../src/facts/facts.service';
import { TOUCH_ENTRY_BYTES } from '../src/timelines/touch-entries';
import { placed, resolved, startReporting, type TestEvent } from './support/reporting-harness';

describe('touch timelines on write', () => {
  const reporting = useHarness(startReporting);

  const apply = (batch: readonly TestEvent[], after?: () => Promise<void>) =>
    reporting.dataSource.transaction(async (tx) => {
      await reporting.app.get(FactsService).applyMany(
        batch.map((e) => ({
          event: decodeDownstreamMessage({ value: Buffer.from(JSON.stringify(e)) }),
          topic: 'resolved',
          partition: 0,
        })),
        tx,
      );
      await after?.();
    });

  it('a batch that fails after the append leaves no entry, and its redeliveries append the touch once', async () => {
    const ann = `cus-${randomUUID()}`;
    const campaign = `c-${randomUUID()}`;
    const touch = resolved('marketing.touch', ann, {
      at: '2026-07-10T08:00:00Z',
      channel: 'douyin',
      payload: { touchType: 'click', campaignId: campaign, medium: 'cpc' },
    });
    await expect(
      apply([touch], async () => {
        throw new Error('crash after the append');
      }),
    ).rejects.toThrow('crash after the append');
    const entries = async () =>
      (
        (await reporting.dataSource.query(
          `SELECT entries FROM touch_timelines WHERE customer_id = $1`,
          [ann],
        )) as { entries: Buffer }[]
      ).map((row) => row.entries);
    expect(await entries()).toEqual([]);

    // The term taken outside the failed batch is committed, and still the one used.
    await apply([touch]);
    await apply([touch, touch]);
    const [timeline] = await entries();
    expect(timeline.length).toBe(TOUCH_ENTRY_BYTES);
    const [term] = (await reporting.dataSource.query(
      `SELECT id FROM touch_terms WHERE channel = 'douyin' AND campaign_id = $1 AND paid AND touch_type = 'click'`,
      [campaign],
    )) as { id: number }[];
    expect(timeline.readUInt32BE(4)).toBe(term.id);
    expect(timeline.readUInt32BE(0)).toBe(
      Date.parse('2026-07-10T08:00:00Z') - Date.UTC(2026, 6, 1),
    );

    await apply([placed(ann, `o-${randomUUID()}`, 1_000, { at: '2026-07-11T08:00:00Z' })]);
    const answer = await reporting.app.get(AttributionService).query({
      from: '2026-07-11T00:00:00Z',
      to: '2026-07-12T00:00:00Z',
      models: ['linear'],
    });
    expect(answer.rows.filter((row) => row.campaignId === campaign)).toEqual([
      {
        channel: 'douyin',
        campaignId: campaign,
        paid: true,
        customers: 1,
        touches: 1,
        credits: { linear: 1_000 },
      },
    ]);
  });
});
