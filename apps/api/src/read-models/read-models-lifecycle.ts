import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { ProjectionRunner, ReadModelStore } from '@compensa/projections';
import { PROJECTION_RUNNER, READ_MODELS } from './read-models.tokens';

/**
 * Starts the projections when the app boots (tables migrated, then a checkpointed subscription); stops them before
 * the event store closes (beforeApplicationShutdown runs before every onApplicationShutdown), then closes the DB.
 */
@Injectable()
export class ReadModelsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModels');

  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    await this.runner.start();
    this.logger.log(`projections running on ${this.readModels.dialect} (started in ${Date.now() - started} ms)`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readModels.close();
    this.logger.log('read models closed');
  }
}
