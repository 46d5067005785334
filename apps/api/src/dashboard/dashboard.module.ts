import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** Serves the managers' dashboard (apps/dashboard, built by Vite) at `/`. */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
