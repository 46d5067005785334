import type { AppLogger } from '../logger';
import type { ConsumerLeases, Lease } from './consumer-leases';

/** How fast a dead holder is replaced. */
export interface FailoverSettings {
  /**
   * Longest time from a holder's death to another instance taking over (COMPENSA_FAILOVER_MS, default 10 s): the
   * lease runs for 3/4 of it and every instance tries to take or renew it every 1/4.
   */
  failoverMs: number;
}

/** The default: a dead worker is replaced within 10 s. */
export const DEFAULT_FAILOVER_MS = 10_000;

/** What holding the lease means: start the consumers when it is gained, stop them when it is lost. */
export interface LeaseCallbacks {
  gained(lease: Lease): Promise<void>;
  lost(): Promise<void>;
}

/**
 * Keeps trying to take (or renew) one lease for this instance: the one holder runs the work, the others wait and
 * take over once its lease has expired. A holder that cannot renew (database unreachable, process paused) stops its
 * work once its lease may have expired; should it write after another took over, the fencing token refuses it.
 */
export class LeaseKeeper {
  private lease: Lease | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private renewedAt = 0;
  private stopped = true;
  /** The work started or stopped as the lease comes and goes, one change at a time, apart from the renewals. */
  private transitions: Promise<void> = Promise.resolve();
  private callbacks: LeaseCallbacks = { gained: async () => undefined, lost: async () => undefined };

  constructor(
    private readonly leases: ConsumerLeases,
    readonly name: string,
    readonly holder: string,
    private readonly settings: FailoverSettings,
    private readonly logger: AppLogger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The lease held now (null: another instance runs the work); what the fenced checkpoint writes check. */
  current(): Lease | null {
    return this.lease;
  }

  /** Tries once now (so a sole instance starts its work at once, before this resolves), then every failoverMs / 4. */
  async start(callbacks: LeaseCallbacks): Promise<void> {
    this.callbacks = callbacks;
    this.stopped = false;
    await this.tick();
    await this.transitions;
    this.timer = setInterval(() => void this.tick(), Math.max(1, Math.floor(this.settings.failoverMs / 4)));
    this.timer.unref();
  }

  /** Stops trying; stops the work and, with `release` (a clean shutdown), hands the lease over at once. */
  async stop(options: { release: boolean } = { release: true }): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    await this.transitions;
    const held = this.lease;
    if (!held) return;
    this.lease = null;
    await this.transition(() => this.callbacks.lost());
    if (options.release) await this.leases.release(held).catch(() => undefined);
  }

  private tick(): Promise<void> {
    this.ticking ??= this.attempt().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    const ttlMs = Math.floor((this.settings.failoverMs * 3) / 4);
    let taken: Lease | null;
    try {
      taken = await this.leases.acquire(this.name, this.holder, ttlMs);
    } catch (error) {
      // Unsure whether the lease still runs: stop once it may have expired.
      if (this.lease && this.now() - this.renewedAt >= ttlMs) await this.lose(`cannot renew: ${String(error)}`);
      return;
    }
    if (this.stopped) return;
    if (!taken) {
      if (this.lease) await this.lose('another instance holds it');
      return;
    }
    this.renewedAt = this.now();
    if (this.lease?.token === taken.token) return;
    // Taken again under a new token: another instance held it in between, so the work restarts from its checkpoints.
    if (this.lease) await this.lose(`another instance held it in between (now token ${taken.token})`);
    this.lease = taken;
    this.logger.log(`${this.holder} holds lease ${this.name} (token ${taken.token})`, 'Lease');
    // Not awaited here: starting the work (catching up the directory, the projections) may take longer than the
    // lease runs, and the renewals must go on meanwhile.
    void this.transition(() => this.callbacks.gained(taken));
  }

  /** Queues a start or stop of the work after the one before it; a failure is logged (the next tick goes on). */
  private transition(fn: () => Promise<void>): Promise<void> {
    this.transitions = this.transitions.then(fn).catch((error: unknown) => {
      this.logger.error(`${this.holder}, lease ${this.name}: ${String(error)}`, 'Lease');
    });
    return this.transitions;
  }

  private async lose(why: string): Promise<void> {
    this.logger.warn(`${this.holder} lost lease ${this.name} (token ${this.lease?.token}): ${why}`, 'Lease');
    this.lease = null;
    await this.transition(() => this.callbacks.lost());
  }
}
