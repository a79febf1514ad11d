import { Module } from '@nestjs/common';
import { KpisModule } from '../kpis/kpis.module';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsScheduler } from './alerts.scheduler';
import { AlertsService } from './alerts.service';

@Module({
  imports: [KpisModule],
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertsService, AlertsScheduler],
  exports: [AlertsService],
})
export class AlertsModule {}
