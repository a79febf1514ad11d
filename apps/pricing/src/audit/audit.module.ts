import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditLogRepository } from './audit-log.repository';

@Module({
  controllers: [AuditController],
  providers: [AuditLogRepository],
  exports: [AuditLogRepository],
})
export class AuditModule {}
