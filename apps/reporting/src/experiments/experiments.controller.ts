import { Param, Query } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import {
  ExperimentParamsDto,
  ExperimentQueryDto,
  ExperimentReadoutDto,
} from './dto/experiments.dto';
import { ExperimentsService } from './experiments.service';

@AdminController('v1/experiments', 'experiments', {
  400: 'invalid_request, unknown_variant or invalid_split',
})
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  @Endpoint('GET :experimentId', {
    summary:
      'A/B read-out: exposure, conversion and revenue per user per variant; uplift with confidence intervals; two-proportion z-test and Welch’s t-test against the control (methods named); sample-ratio-mismatch check; insufficient sample below the minimum.',
    answer: ExperimentReadoutDto,
    errors: { 404: 'experiment_not_found' },
  })
  readout(
    @Param() { experimentId }: ExperimentParamsDto,
    @Query() query: ExperimentQueryDto,
  ): Promise<ExperimentReadoutDto> {
    return this.experiments.readout(experimentId, query);
  }
}
