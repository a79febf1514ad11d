import { Module } from '@nestjs/common';
import { CustomersDataModule } from '../customers/customers-data.module';
import { CustomersModule } from '../customers/customers.module';
import { InsightsModule } from '../insights/insights.module';
import { PointsModule } from '../points/points.module';
import { ExportController } from './export.controller';
import { ExportService } from './export.service';

@Module({
  imports: [CustomersDataModule, CustomersModule, InsightsModule, PointsModule],
  controllers: [ExportController],
  providers: [ExportService],
})
export class ExportModule {}
