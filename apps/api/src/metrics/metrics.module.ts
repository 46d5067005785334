import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** Prometheus metrics. */
@Module({ controllers: [MetricsController] })
export class MetricsModule {}
