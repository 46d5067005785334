import { Module } from '@nestjs/common';
import { ParkedController } from './parked.controller';

/** Operators' administration of the platform: parked events. */
@Module({ controllers: [ParkedController] })
export class AdminModule {}
