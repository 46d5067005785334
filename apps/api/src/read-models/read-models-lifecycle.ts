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
 * Makes the read-model tables when the app boots (the projections themselves run in the lease holder: a worker or an
 * `all` process, started by PlatformLifecycle); stops them before the event store closes (beforeApplicationShutdown
 * runs before every onApplicationShutdown), then closes the DB.
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
    // A process that serves queries makes the tables if none is up yet (a worker's runner does it as it starts); a read
    // model written in an older shape of its tables is reset here, and the runner that holds the lease replays it.
    const reset = this.config.role === 'worker' ? [] : await migrateReadModels(this.readModels.db);
    if (reset.length > 0)
      this.logger.warn(
        `read models ${reset.join(', ')} were written in an older shape of their tables (an upgrade): dropped, to be replayed from the log by the process that feeds them`,
      );
    if (this.config.role === 'api') {
      // The workers feed the read models; this process answers queries from them.
      this.logger.log(`read models on ${this.readModels.dialect}, fed by the workers (role api)`);
      return;
    }
    // A worker or `all` process starts them once it holds the lease (PlatformLifecycle).
    this.logger.log(`read models on ${this.readModels.dialect} (ready in ${Date.now() - started} ms)`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readModels.close();
    this.logger.log('read models closed');
  }
}
