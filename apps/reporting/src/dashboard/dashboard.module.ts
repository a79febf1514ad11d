import { Module } from '@nestjs/common';
import { ReportTablesModule } from '../tables/report-tables.module';
import { DashboardChartsController } from './dashboard-charts.controller';
import { DashboardChartsService } from './dashboard-charts.service';
import { DashboardPageController } from './dashboard-page.controller';

@Module({
  imports: [ReportTablesModule],
  controllers: [DashboardPageController, DashboardChartsController],
  providers: [DashboardChartsService],
})
export class DashboardModule {}
