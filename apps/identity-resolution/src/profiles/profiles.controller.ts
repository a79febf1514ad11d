import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { parseInput } from '../admin-auth/api-error';
import {
  lookupQuerySchema,
  mergeRequestSchema,
  MergeRequestDto,
  MergeResultDto,
  ProfileDto,
  splitRequestSchema,
  SplitRequestDto,
  SplitResultDto,
} from './dto/profile.dto';
import { ProfileAdminService } from './profile-admin.service';
import { ProfileQueryService } from './profile-query.service';

@ApiTags('profiles')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token.' })
@UseGuards(AdminTokenGuard)
@Controller('v1/profiles')
export class ProfilesController {
  constructor(
    private readonly query: ProfileQueryService,
    private readonly admin: ProfileAdminService,
  ) {}

  // Declared before :customerId so "lookup" is not taken for an id.
  @Get('lookup')
  @ApiOperation({
    summary: 'Find the profile holding an identifier (normalised and hashed, never stored raw).',
  })
  @ApiQuery({ name: 'type', example: 'phone' })
  @ApiQuery({ name: 'value', example: '+8613912345678' })
  @ApiOkResponse({ type: ProfileDto })
  @ApiNotFoundResponse({ description: 'No profile holds the identifier.' })
  lookup(@Query() query: unknown): Promise<ProfileDto> {
    const { type, value } = parseInput(lookupQuerySchema, query);
    return this.query.byIdentifier(type, value);
  }

  @Post('merge')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Merge two profiles by hand; the oldest survives. dryRun shows the result without changing anything.',
  })
  @ApiBody({ type: MergeRequestDto })
  @ApiOkResponse({ type: MergeResultDto })
  @ApiBadRequestResponse({ description: 'Malformed request.' })
  @ApiConflictResponse({ description: 'Already one profile, or a profile changed meanwhile.' })
  merge(@Body() body: unknown): Promise<MergeResultDto> {
    return this.admin.merge(parseInput(mergeRequestSchema, body));
  }

  @Get(':customerId')
  @ApiOperation({
    summary:
      'A profile: masked identifiers, links with their evidence, merge history. An alias answers with its survivor.',
  })
  @ApiOkResponse({ type: ProfileDto })
  @ApiNotFoundResponse({ description: 'No such profile.' })
  get(@Param('customerId') customerId: string): Promise<ProfileDto> {
    return this.query.byCustomerId(customerId);
  }

  @Post(':customerId/split')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Move identifiers to new profiles: retracts the links between them and the rest and recomputes the components.',
  })
  @ApiBody({ type: SplitRequestDto })
  @ApiOkResponse({ type: SplitResultDto })
  @ApiNotFoundResponse({ description: 'No such profile.' })
  split(@Param('customerId') customerId: string, @Body() body: unknown): Promise<SplitResultDto> {
    return this.admin.split(customerId, parseInput(splitRequestSchema, body));
  }
}
