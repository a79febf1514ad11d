import { Query, Res } from '@nestjs/common';
import { ApiExtraModels } from '@nestjs/swagger';
import { AdminController, Endpoint } from '@omni/platform';
import type { FastifyReply } from 'fastify';
import { ReportTableDto } from '../tables/dto/table-queries.dto';
import { DashboardChartsService } from './dashboard-charts.service';
import { DashboardChartsAnswerDto, DashboardChartsQueryDto } from './dto/dashboard-charts.dto';

/** The dashboard's first view, drawn on the server: what the page shows before ECharts runs. */
@AdminController('v1/dashboard', 'dashboard', {
  400: 'invalid_request (a malformed parameter, named after its table) or range_too_large',
})
@ApiExtraModels(ReportTableDto)
export class DashboardChartsController {
  constructor(private readonly charts: DashboardChartsService) {}

  @Endpoint('GET charts', {
    summary:
      'Every chart of the dashboard as SVG (ECharts’ server-side renderer, the options the page draws), with the tables they were drawn from; each table is asked with its own endpoint’s query string. Server-Timing (svg) gives the time spent drawing and how many charts were drawn (the others were drawn before from the same answers, and kept).',
    answer: DashboardChartsAnswerDto,
  })
  async first(
    @Query() query: DashboardChartsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DashboardChartsAnswerDto> {
    const { charts, tables, drawnMs, drawn } = await this.charts.firstView(query);
    reply.header('server-timing', `svg;dur=${drawnMs.toFixed(1)};desc="${drawn} drawn"`);
    return { charts, tables };
  }
}
