import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import { DataSource } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import { channelDecidedMessage } from './channel-decided.event';
import { channelType } from './channel-types';
import {
  csatScore,
  decide,
  healthIndex,
  relativeScore,
  roiOf,
  type ChannelDecision,
} from './channel-rules';
import {
  ChannelDecisionsRepository,
  type ChannelFigures,
  type StoredDecision,
} from './channel-decisions.repository';

const DAY_MS = 86_400_000;
const SEEDS = { admitShare: 0.15, expandFactor: 1.3, exitShare: 0.5, exitPeriods: 3 };
/** The health index is recomputed on a rolling month. */
const HEALTH_DAYS = 30;

/**
 * The seeds' channel decisions for the test period ending at `periodEnd` (a UTC date, exclusive):
 * admit / expand / exit for each channel under test, and a health index for every channel with
 * a 20% resource cut below the threshold. Stored with the figures they were made from; each new
 * or changed decision is published as channel.decided through the outbox in the same transaction.
 */
@Injectable()
export class ChannelDecisionsService {
  constructor(
    private readonly decisions: ChannelDecisionsRepository,
    private readonly outbox: Outbox,
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async run(periodEnd: string, now: Date): Promise<StoredDecision[]> {
    const settings = this.config.channels;
    const currency = this.config.kpis.currency;
    const end = new Date(`${periodEnd}T00:00:00Z`);
    const periodMs = settings.periodDays * DAY_MS;
    const rate = (channel: string) => settings.costRates[channel] ?? settings.costRates['default'];
    const target = (channel: string) =>
      settings.targetRoi[channel] ?? settings.targetRoi['default'];
    const margin = (channel: string, f: ChannelFigures) =>
      Math.round(f.revenue * (1 - rate(channel)));

    return this.dataSource.transaction(async (tx) => {
      await this.decisions.lockPeriod(tx, periodEnd);
      // Oldest period first, the period being decided last.
      const periods: Map<string, ChannelFigures>[] = [];
      for (let i = SEEDS.exitPeriods - 1; i >= 0; i--) {
        const to = new Date(end.getTime() - i * periodMs);
        periods.push(
          await this.decisions.figures(tx, new Date(to.getTime() - periodMs), to, currency),
        );
      }
      const current = periods[periods.length - 1];
      const roi = (channel: string, figures: ChannelFigures | undefined) =>
        figures === undefined ? null : roiOf({ ...figures, grossMargin: margin(channel, figures) });
      const existing = [...current.entries()]
        .filter(([channel, f]) => !settings.underTest.includes(channel) && f.spend > 0)
        .map(([channel, f]) => roi(channel, f) as number);
      const averageRoi =
        existing.length === 0 ? null : existing.reduce((s, r) => s + r, 0) / existing.length;
      const verdicts = new Map<string, ChannelDecision>(
        settings.underTest.map((channel) => [
          channel,
          decide(
            channel,
            periods.map((p) => roi(channel, p.get(channel))),
            averageRoi,
            target(channel),
            SEEDS,
          ),
        ]),
      );

      const month = await this.decisions.figures(
        tx,
        new Date(end.getTime() - HEALTH_DAYS * DAY_MS),
        end,
        currency,
      );
      const partners = await this.decisions.partnerRelations(tx);
      const rows = [...month.entries()];
      const best = {
        revenue: Math.max(0, ...rows.map(([, f]) => f.revenue)),
        customers: Math.max(0, ...rows.map(([, f]) => f.customers)),
        margin: Math.max(0, ...rows.map(([c, f]) => margin(c, f))),
      };
      const totalRevenue = rows.reduce((s, [, f]) => s + Math.max(0, f.revenue), 0);
      const channels = [...new Set([...month.keys(), ...settings.underTest])].sort();
      const decided: Omit<StoredDecision, 'revision'>[] = channels.map((channel) => {
        const f = month.get(channel) ?? { revenue: 0, spend: 0, customers: 0, csat: null };
        const scores = {
          sales: relativeScore(f.revenue, best.revenue),
          salesShare: totalRevenue === 0 ? 0 : (Math.max(0, f.revenue) / totalRevenue) * 100,
          customers: relativeScore(f.customers, best.customers),
          grossMargin: relativeScore(margin(channel, f), best.margin),
          csat: f.csat === null ? null : csatScore(f.csat),
          partnerRelations: partners.get(channel) ?? null,
        };
        const weights =
          settings.healthWeights[channelType(channel)] ?? settings.healthWeights['default'];
        const health = healthIndex(scores, weights);
        const resourceCut = health !== null && health < settings.healthThreshold;
        const verdict = verdicts.get(channel);
        const reason = [
          verdict?.reason,
          resourceCut
            ? `health ${health.toFixed(1)} below ${settings.healthThreshold}: cut its resources by 20%`
            : undefined,
        ]
          .filter(Boolean)
          .join('; ');
        return {
          periodStart: new Date(end.getTime() - periodMs).toISOString().slice(0, 10),
          periodEnd,
          channel,
          recommendation: verdict?.recommendation ?? null,
          healthIndex: health,
          resourceCut,
          figures: {
            currency,
            period: current.get(channel) ?? null,
            roiHistory: periods.map((p) => roi(channel, p.get(channel))),
            averageRoiOfExisting: averageRoi,
            targetRoi: target(channel),
            costRate: rate(channel),
            month: f,
            healthScores: scores,
            healthWeights: weights,
          },
          reason: reason === '' ? 'healthy' : reason,
          decidedAt: now,
        };
      });
      const changed = await this.decisions.store(tx, decided);
      const stored = (await this.decisions.ofPeriod(tx, periodEnd)).filter((d) =>
        channels.includes(d.channel),
      );
      await this.outbox.enqueueMany(
        tx,
        stored
          .filter((d) => changed.has(d.channel))
          .map((d) => channelDecidedMessage(this.config.topics.channelDecisions, d)),
      );
      return stored;
    });
  }

  list(limit: number): Promise<StoredDecision[]> {
    return this.decisions.list(this.dataSource.manager, limit);
  }

  async setPartnerRelations(channel: string, score: number, actor: string): Promise<void> {
    await this.decisions.setPartnerRelations(this.dataSource.manager, channel, score, actor);
  }
}
