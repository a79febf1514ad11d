import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DownstreamEventOf } from '@omni/contracts';
import { Outbox, type OutboxMessage } from '@omni/messaging';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CrmConfig } from '../../config/crm-config';
import { evaluateRule, usesTraits, type SegmentRule, type SegmentSubject } from './segment-rule';
import { SegmentsRepository, type Segment } from './segments.repository';

export type SubjectSource = (
  tx: EntityManager,
  customerIds: readonly string[],
) => Promise<Map<string, SegmentSubject>>;

const PAGE = 1_000;

/** Dynamic segments: rules over insights, members kept current, joins and leaves published. */
@Injectable()
export class SegmentsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CrmConfig,
    private readonly segments: SegmentsRepository,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Creates a segment and fills it from every customer's current insights, in one transaction
   * with the join events.
   */
  async create(
    input: { name: string; rule: SegmentRule; actor: string },
    subjects: SubjectSource,
    customerIdsAfter: (tx: EntityManager, after: string, limit: number) => Promise<string[]>,
  ): Promise<Segment & { members: number }> {
    const segmentId = `seg_${randomUUID()}`;
    return this.dataSource.transaction(async (tx) => {
      const inserted = await this.segments.insert(tx, {
        segmentId,
        name: input.name,
        rule: input.rule,
        createdBy: input.actor,
      });
      if (!inserted) {
        throw new ApiError(409, 'segment_name_taken', `a segment named ${input.name} exists`);
      }
      const segment = (await this.segments.byId(tx, segmentId)) as Segment;
      const at = new Date();
      for (let after = ''; ;) {
        const ids = await customerIdsAfter(tx, after, PAGE);
        if (ids.length === 0) break;
        await this.apply(tx, [segment], await subjects(tx, ids), at);
        after = ids[ids.length - 1];
      }
      return { ...segment, members: await this.segments.memberCount(tx, segmentId) };
    });
  }

  /**
   * Re-evaluates every segment for these customers; returns each one's segment ids after. A
   * change names the customer's event in `causes` (its source event key) as its cause, so a
   * consumer can move what it did about the change when identity splits that event off.
   */
  async refresh(
    tx: EntityManager,
    /** The customers' segment view; their traits only when asked (a rule looks at traits). */
    subjects: (withTraits: boolean) => Promise<ReadonlyMap<string, SegmentSubject>>,
    at: Date,
    causes?: ReadonlyMap<string, string>,
  ): Promise<Map<string, string[]>> {
    const segments = await this.segments.all(tx);
    // No segment, no member of one (members go with their segment): nothing to evaluate.
    if (segments.length === 0) return new Map();
    const withTraits = segments.some((segment) => usesTraits(segment.rule));
    return this.apply(tx, segments, await subjects(withTraits), at, causes);
  }

  /** Customers that no longer exist (merged away) leave every segment, announced. */
  async leaveAll(tx: EntityManager, customerIds: readonly string[], at: Date): Promise<void> {
    const memberships = await this.segments.membershipsOf(tx, customerIds);
    if (memberships.length === 0) return;
    const names = new Map((await this.segments.all(tx)).map((s) => [s.segmentId, s.name]));
    await this.segments.leave(tx, memberships);
    await this.outbox.enqueueMany(
      tx,
      memberships.map((m) =>
        this.changeMessage(
          m.customerId,
          m.segmentId,
          names.get(m.segmentId) ?? m.segmentId,
          'left',
          at,
        ),
      ),
    );
  }

  async get(segmentId: string): Promise<Segment & { members: number }> {
    const manager = this.dataSource.manager;
    const segment = await this.segments.byId(manager, segmentId);
    if (segment === undefined) {
      throw new ApiError(404, 'segment_not_found', `no segment ${segmentId}`);
    }
    return { ...segment, members: await this.segments.memberCount(manager, segmentId) };
  }

  list(): Promise<Segment[]> {
    return this.segments.all(this.dataSource.manager);
  }

  async members(segmentId: string, after: string, limit: number) {
    await this.get(segmentId);
    const members = await this.segments.members(this.dataSource.manager, segmentId, after, limit);
    return {
      segmentId,
      members,
      next: members.length === limit ? members[members.length - 1].customerId : null,
    };
  }

  private async apply(
    tx: EntityManager,
    segments: readonly Segment[],
    subjects: ReadonlyMap<string, SegmentSubject>,
    at: Date,
    causes?: ReadonlyMap<string, string>,
  ): Promise<Map<string, string[]>> {
    const customerIds = [...subjects.keys()];
    const memberships = await this.segments.membershipsOf(tx, customerIds);
    const current = new Set(memberships.map((m) => `${m.segmentId}/${m.customerId}`));
    const after = new Map<string, string[]>(customerIds.map((id) => [id, []]));
    const joins: { segmentId: string; customerId: string }[] = [];
    const leaves: { segmentId: string; customerId: string }[] = [];
    const messages: OutboxMessage[] = [];
    for (const segment of segments) {
      for (const [customerId, subject] of subjects) {
        const member = current.has(`${segment.segmentId}/${customerId}`);
        const matches = evaluateRule(segment.rule, subject).matches;
        if (matches) after.get(customerId)?.push(segment.segmentId);
        if (matches === member) continue;
        (matches ? joins : leaves).push({ segmentId: segment.segmentId, customerId });
        messages.push(
          this.changeMessage(
            customerId,
            segment.segmentId,
            segment.name,
            matches ? 'joined' : 'left',
            at,
            causes?.get(customerId),
          ),
        );
      }
    }
    // Memberships of segments not re-evaluated here stay as they are.
    const evaluated = new Set(segments.map((s) => s.segmentId));
    for (const m of memberships) {
      if (!evaluated.has(m.segmentId)) after.get(m.customerId)?.push(m.segmentId);
    }
    await this.segments.join(tx, joins, at);
    await this.segments.leave(tx, leaves);
    await this.outbox.enqueueMany(tx, messages);
    return after;
  }

  private changeMessage(
    customerId: string,
    segmentId: string,
    segmentName: string,
    change: 'joined' | 'left',
    at: Date,
    cause?: string,
  ): OutboxMessage {
    const eventId = `crm-segment-${randomUUID()}`;
    const event: DownstreamEventOf<'customer.segment-changed'> = {
      eventId,
      type: 'customer.segment-changed',
      version: 1,
      occurredAt: at.toISOString(),
      customerId,
      correlationId: cause ?? eventId,
      causationId: cause ?? eventId,
      payload: { segmentId, segmentName, change },
    } as DownstreamEventOf<'customer.segment-changed'>;
    return { topic: this.config.topics.customerChanges, key: customerId, value: event };
  }
}
