import { Module } from '@nestjs/common';
import { ImportJobs } from './import-jobs';
import { ImportsController } from './imports.controller';

/** Bulk imports over HTTP (issue 14). */
@Module({ controllers: [ImportsController], providers: [ImportJobs] })
export class ImportsModule {}
