import { Body, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController, ApiErrors } from '@omni/platform';
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

  @Post()
  @ApiOperation({
    summary:
      'Create a dynamic segment from a rule tree; it is filled at once and kept current, and every join and leave is published as customer.segment-changed.',
  })
  @ApiCreatedResponse({ type: SegmentDto })
  @ApiErrors({ 409: 'segment_name_taken' })
  async create(@Body() body: CreateSegmentDto): Promise<SegmentDto> {
    return view(
      await this.segments.create(
        body,
        (tx, ids) => this.insights.subjects(tx, ids),
        (tx, after, limit) => this.repository.customerIdsAfter(tx, after, limit),
      ),
    );
  }

  @Get()
  @ApiOperation({ summary: 'Every segment.' })
  @ApiOkResponse({ type: [SegmentDto] })
  async list(): Promise<SegmentDto[]> {
    return (await this.segments.list()).map(view);
  }

  @Get(':segmentId')
  @ApiOperation({ summary: 'One segment with its member count.' })
  @ApiOkResponse({ type: SegmentDto })
  @ApiErrors({ 404: 'segment_not_found' })
  async get(@Param() { segmentId }: SegmentIdParamsDto): Promise<SegmentDto> {
    return view(await this.segments.get(segmentId));
  }

  @Get(':segmentId/members')
  @ApiOperation({ summary: 'Members of a segment, a page at a time by customerId.' })
  @ApiOkResponse({ type: SegmentMembersDto })
  @ApiErrors({ 404: 'segment_not_found' })
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
