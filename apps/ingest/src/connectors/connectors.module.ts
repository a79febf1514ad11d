import { Module } from '@nestjs/common';
import { ConnectorAuth } from './connector-auth.service';
import { ConnectorsController } from './connectors.controller';
import { ConnectorsService } from './connectors.service';
import { RateLimiter } from './rate-limiter.service';

@Module({
  controllers: [ConnectorsController],
  providers: [ConnectorsService, RateLimiter, ConnectorAuth],
  exports: [ConnectorsService, ConnectorAuth],
})
export class ConnectorsModule {}
