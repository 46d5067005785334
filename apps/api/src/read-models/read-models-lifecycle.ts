import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { migrateReadModels, type ProjectionRunner, type ReadModelStore } from '@compensa/projections';
import { API_CONFIG, type ApiConfig } from '../config';
import { PROJECTION_RUNNER, READ_MODELS } from './read-models.tokens';

/**
 * Starts the projections when the app boots (not in an `api` process: the workers run them) (tables migrated, then a checkpointed subscription); stops them before
 * the event store closes (beforeApplicationShutdown runs before every onApplicationShutdown), then closes the DB.
 */
@Injectable()
export class ReadModelsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModels');

  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    if (this.config.role === 'api') {
      // The workers feed the read models; this process answers queries from them (tables made if none is up yet).
      await migrateReadModels(this.readModels.db);
      this.logger.log(`read models on ${this.readModels.dialect}, fed by the workers (role api)`);
      return;
    }
    // A worker starts them once it holds the lease (PlatformLifecycle).
    if (this.config.role === 'worker') return;
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
