import { hash } from 'node:crypto';
import { computeEventHash, type RecordedEvent } from '@compensa/event-store';

/** The digest before the first event of the log: 64 zeros. */
export const EMPTY_LOG_DIGEST = '0'.repeat(64);

/** Where an event is in the log: what the digest takes of it besides its content hash. */
export type LogPlace = Pick<RecordedEvent, 'position' | 'stream' | 'revision'>;

/** How far a running digest got: its last position, the digest there, and how many events and streams it saw. */
export interface LogDigestState {
  /** Position of the last event folded; null before the first. */
  readonly position: number | null;
  readonly digest: string;
  readonly events: number;
  /** Streams begun (events at revision 0): a deleted stream lowers it. */
  readonly streams: number;
}

export const EMPTY_LOG_DIGEST_STATE: LogDigestState = {
  position: null,
  digest: EMPTY_LOG_DIGEST,
  events: 0,
  streams: 0,
};

/**
 * A running SHA-256 over the whole log in global order: digest(n) = SHA-256(digest(n-1), position, stream, revision,
 * hash of the content recomputed). Unlike the per-stream chains, it covers the order of every stream against the
 * others, so a missing event, a missing stream or a missing tail changes every digest from there on; and since the
 * content hash is recomputed, an event rewritten with its chain recomputed changes it too.
 */
export class LogDigest {
  private state: LogDigestState;

  constructor(from: LogDigestState = EMPTY_LOG_DIGEST_STATE) {
    this.state = from;
  }

  /**
   * Folds the next event of the log (its position must be past the last one folded). `contentHash`: the hash of its
   * content when the caller has just recomputed it and found it equal to the stored one (an audit that verified the
   * event's chain); else it is recomputed here.
   */
  fold(e: RecordedEvent, contentHash?: string): LogDigestState;
  /** An event known by its place alone, its content hash given (a reader that did not parse it). */
  fold(e: LogPlace, contentHash: string): LogDigestState;
  fold(e: RecordedEvent | LogPlace, contentHash?: string): LogDigestState {
    if (this.state.position !== null && e.position <= this.state.position) {
      throw new RangeError(`log digest: position ${e.position} is not after ${this.state.position}`);
    }
    // One-shot (a string is hashed as UTF-8): no Hash object per event.
    const digest = hash(
      'sha256',
      `${this.state.digest}\n${e.position}\n${e.stream}\n${e.revision}\n${contentHash ?? computeEventHash(e as RecordedEvent)}`,
      'hex',
    );
    this.state = {
      position: e.position,
      digest,
      events: this.state.events + 1,
      streams: this.state.streams + (e.revision === 0 ? 1 : 0),
    };
    return this.state;
  }

  current(): LogDigestState {
    return this.state;
  }
}
