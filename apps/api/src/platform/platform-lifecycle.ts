import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Platform } from '@compensa/application';
import type { DatabaseSync } from 'node:sqlite';
import { API_CONFIG, type ApiConfig } from '../config';
import type { DueRunner } from './due-runner';
import { DUE_RUNNER, PLATFORM_DATABASE } from './platform.tokens';

/**
 * Starts the platform (directory caught up, process managers running) and the deadline scheduler when the app
 * boots (an `api` process: the directory alone; the workers run the rest); stops them before the event store closes (beforeApplicationShutdown runs before every
 * onApplicationShutdown, where the store is closed), then closes platform.db.
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Platform');

  constructor(
    private readonly platform: Platform,
    @Inject(DUE_RUNNER) private readonly dueRunner: DueRunner,
    @Inject(PLATFORM_DATABASE) private readonly database: DatabaseSync,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    if (this.config.role === 'api') {
      await this.platform.start({ processManagers: false });
      this.logger.log(`platform started in ${Date.now() - started} ms (directory caught up; role api: no consumers)`);
      return;
    }
    await this.platform.start();
    this.logger.log(`platform started in ${Date.now() - started} ms (directory caught up, process managers running)`);
    await this.dueRunner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dueRunner.stop();
    await this.platform.stop();
    this.logger.log('platform stopped');
  }

  onApplicationShutdown(): void {
    if (this.database.isOpen) this.database.close();
  }
}
