import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** `GET /v1/audit/...`: the regulatory audit replay, for auditors. */
@Module({ controllers: [AuditController] })
export class AuditModule {}
