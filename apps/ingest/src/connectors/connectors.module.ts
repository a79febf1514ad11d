import { Module } from '@nestjs/common';
import { ConnectorAuth } from './connector-auth.service';
import { ConnectorsController } from './connectors.controller';
import { ConnectorsService } from './connectors.service';
import { RateLimitBucketsRepository } from './rate-limit-buckets.repository';
import { RateLimiter } from './rate-limiter.service';

@Module({
  controllers: [ConnectorsController],
  providers: [ConnectorsService, RateLimitBucketsRepository, RateLimiter, ConnectorAuth],
  exports: [ConnectorsService, ConnectorAuth],
})
export class ConnectorsModule {}
