import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Platform, type LeaseKeeper, type PlatformState } from '@compensa/application';
import type { ProjectionRunner } from '@compensa/projections';
import type { DatabaseSync } from 'node:sqlite';
import { API_CONFIG, type ApiConfig } from '../config';
import { PROJECTION_RUNNER } from '../read-models/read-models.tokens';
import type { DueRunner } from './due-runner';
import { DUE_RUNNER, PLATFORM_DATABASE, PLATFORM_STATE, WORKER_LEASE } from './platform.tokens';

/**
 * Starts the platform when the app boots, as the role says: `all` the directory, the process managers and the
 * deadline scheduler (the projections start in ReadModelsLifecycle); `api` nothing (it reads the shared directory);
 * `worker` the directory, the process managers, the scheduler and the projections while it holds the process-managers
 * lease (one worker at a time; another takes over within COMPENSA_FAILOVER_MS of its death). Stops them before the event
 * store closes (beforeApplicationShutdown runs before every onApplicationShutdown, where the store is closed), then
 * closes platform.db and the platform state.
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Platform');

  constructor(
    private readonly platform: Platform,
    @Inject(DUE_RUNNER) private readonly dueRunner: DueRunner,
    @Inject(PLATFORM_DATABASE) private readonly database: DatabaseSync,
    @Inject(PLATFORM_STATE) private readonly state: PlatformState,
    @Inject(WORKER_LEASE) private readonly lease: LeaseKeeper,
    @Inject(PROJECTION_RUNNER) private readonly projections: ProjectionRunner,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    // The directory is shared: the lease holder feeds it, the other instances read it.
    await this.platform.start({ processManagers: false, directory: false });
    if (this.config.role === 'api') {
      this.logger.log(`platform started in ${Date.now() - started} ms (role api)`);
      return;
    }
    // `all` as `worker`: two `all` processes on one store never both run the consumers (the first start takes the
    // lease at once, so a lone `npm start` runs everything before it serves).
    await this.lease.start({ gained: () => this.gained(), lost: () => this.lost() });
    this.logger.log(
      `platform started in ${Date.now() - started} ms (role ${this.config.role}, ${this.lease.current() ? 'running the consumers' : 'standing by'})`,
    );
  }

  /** This worker (or `all` process) holds the lease: it runs the directory, the process managers, the scheduler and the projections. */
  private async gained(): Promise<void> {
    await this.platform.startDirectory();
    await this.platform.startProcessManagers();
    await this.projections.start();
    await this.dueRunner.start();
    this.logger.log(`worker ${this.lease.holder} runs the process managers, the scheduler and the projections`);
  }

  /** Another worker took over (or this one can no longer renew): stop, from wherever each got to. */
  private async lost(): Promise<void> {
    await this.dueRunner.stop();
    await this.projections.stop();
    await this.platform.stopProcessManagers();
    await this.platform.stopDirectory();
    this.logger.log(`worker ${this.lease.holder} stands by`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    // A clean stop hands the lease over at once.
    await this.lease.stop({ release: true });
    await this.dueRunner.stop();
    await this.platform.stop();
    this.logger.log('platform stopped');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.state.close();
    if (this.database.isOpen) this.database.close();
  }
}
