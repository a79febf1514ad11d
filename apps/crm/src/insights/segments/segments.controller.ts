import { Body, Param, Query } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import {
  CreateSegmentDto,
  MembersQueryDto,
  SegmentDto,
  SegmentIdParamsDto,
  SegmentMembersDto,
} from '../dto/segments.dto';
import { InsightsRepository } from '../insights.repository';
import { InsightsService } from '../insights.service';
import type { Segment } from './segments.repository';
import { SegmentsService } from './segments.service';

const view = (segment: Segment & { members?: number }): SegmentDto => ({
  ...segment,
  createdAt: segment.createdAt.toISOString(),
});

@AdminController('v1/segments', 'segments', {
  400: 'invalid_request: a malformed id, query or rule; details.issues names each field.',
})
export class SegmentsController {
  constructor(
    private readonly segments: SegmentsService,
    private readonly insights: InsightsService,
    private readonly repository: InsightsRepository,
  ) {}

  @Endpoint('POST', {
    summary:
      'Create a dynamic segment from a rule tree; it is filled at once and kept current, and every join and leave is published as customer.segment-changed.',
    answer: SegmentDto,
    errors: { 409: 'segment_name_taken' },
  })
  async create(@Body() body: CreateSegmentDto): Promise<SegmentDto> {
    return view(
      await this.segments.create(
        body,
        (tx, ids) => this.insights.subjects(tx, ids),
        (tx, after, limit) => this.repository.customerIdsAfter(tx, after, limit),
      ),
    );
  }

  @Endpoint('GET', { summary: 'Every segment.', answer: [SegmentDto] })
  async list(): Promise<SegmentDto[]> {
    return (await this.segments.list()).map(view);
  }

  @Endpoint('GET :segmentId', {
    summary: 'One segment with its member count.',
    answer: SegmentDto,
    errors: { 404: 'segment_not_found' },
  })
  async get(@Param() { segmentId }: SegmentIdParamsDto): Promise<SegmentDto> {
    return view(await this.segments.get(segmentId));
  }

  @Endpoint('GET :segmentId/members', {
    summary: 'Members of a segment, a page at a time by customerId.',
    answer: SegmentMembersDto,
    errors: { 404: 'segment_not_found' },
  })
  async members(
    @Param() { segmentId }: SegmentIdParamsDto,
    @Query() { after, limit }: MembersQueryDto,
  ): Promise<SegmentMembersDto> {
    const page = await this.segments.members(segmentId, after ?? '', limit);
    return {
      ...page,
      members: page.members.map((m) => ({
        customerId: m.customerId,
        joinedAt: m.joinedAt.toISOString(),
      })),
    };
  }
}
