import { Body, Param, Query } from '@nestjs/common';
import { AdminController, Endpoint, CustomerIdParamsDto } from '@omni/platform';
import {
  LookupQueryDto,
  MergeRequestDto,
  MergeResultDto,
  ProfileDto,
  SplitRequestDto,
  SplitResultDto,
} from './dto/profile.dto';
import { ProfileAdminService } from './profile-admin.service';
import { ProfileQueryService } from './profile-query.service';

@AdminController('v1/profiles', 'profiles', {
  400: 'invalid_request: a malformed id, identifier or body; details.issues names each field.',
})
export class ProfilesController {
  constructor(
    private readonly query: ProfileQueryService,
    private readonly admin: ProfileAdminService,
  ) {}

  // Declared before :customerId so "lookup" is not taken for an id.
  @Endpoint('GET lookup', {
    summary: 'Find the profile holding an identifier (normalised and hashed, never stored raw).',
    answer: ProfileDto,
    errors: { 404: 'identifier_not_found' },
  })
  lookup(@Query() { type, value }: LookupQueryDto): Promise<ProfileDto> {
    return this.query.byIdentifier(type, value);
  }

  @Endpoint('POST merge', {
    summary:
      'Merge two profiles by hand; the oldest survives. dryRun shows the result without changing anything.',
    answer: MergeResultDto,
    status: 200,
    errors: { 409: 'already_merged, or profile_changed: a profile changed meanwhile.' },
  })
  merge(@Body() body: MergeRequestDto): Promise<MergeResultDto> {
    return this.admin.merge(body);
  }

  @Endpoint('GET :customerId', {
    summary:
      'A profile: masked identifiers, links with their evidence, merge history. An alias answers with its survivor.',
    answer: ProfileDto,
    errors: { 404: 'profile_not_found' },
  })
  get(@Param() { customerId }: CustomerIdParamsDto): Promise<ProfileDto> {
    return this.query.byCustomerId(customerId);
  }

  @Endpoint('POST :customerId/split', {
    summary:
      'Move identifiers to new profiles: retracts the links between them and the rest and recomputes the components.',
    answer: SplitResultDto,
    status: 200,
    errors: { 404: 'profile_not_found' },
  })
  split(
    @Param() params: CustomerIdParamsDto,
    @Body() body: SplitRequestDto,
  ): Promise<SplitResultDto> {
    return this.admin.split(params.customerId, body);
  }
}
