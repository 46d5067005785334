/**
 * Signed checkpoints of the whole log. They are platform records in a stream of their own (`log-checkpoints`, on
 * SQLite and on KurrentDB alike), never in a UC or titular stream, and each is also written to a witness file the
 * operator keeps elsewhere.
 */
import { canonicalJson } from '@compensa/event-store';
import { signText, verifyText, type SigningKey, type VerifyingKey } from './signing-key';

/** The stream of the signed checkpoints. */
export const LOG_CHECKPOINT_STREAM = 'log-checkpoints';

/** Format tag of a checkpoint (event data and witness line alike). */
export const LOG_CHECKPOINT_FORMAT = 'compensa-checkpoint/1';

/** What a checkpoint says: the running digest of the log up to `position`, signed. */
export interface LogCheckpointBody {
  readonly format: typeof LOG_CHECKPOINT_FORMAT;
  /** 1, 2, 3…: a checkpoint missing from the witness leaves a gap. Equals the event's revision + 1. */
  readonly seq: number;
  /** Last log position covered (inclusive). */
  readonly position: number;
  /** The running digest (log-digest.ts) at `position`. */
  readonly digest: string;
  /** Events and streams covered up to `position`. */
  readonly events: number;
  readonly streams: number;
  /** Wall-clock instant of signing (ISO 8601). */
  readonly time: string;
  /** The signing key (keyIdOf). */
  readonly keyId: string;
}

/** `LogCheckpointSigned`: the body and its Ed25519 signature (base64) over the body's canonical JSON. */
export interface LogCheckpointSignedData extends LogCheckpointBody {
  readonly signature: string;
}

/**
 * `SigningKeyRotated`: from here on the checkpoints are signed by `keyId` (rotating the key is an event, in the same
 * stream, signed by the new key; the auditor decides whether to trust it).
 */
export interface SigningKeyRotatedData {
  readonly keyId: string;
  readonly publicKeyPem: string;
  readonly previousKeyId: string | null;
  readonly time: string;
  readonly signature: string;
}

export const LOG_CHECKPOINT_EVENT = 'LogCheckpointSigned';
export const SIGNING_KEY_ROTATED_EVENT = 'SigningKeyRotated';

export function signCheckpoint(key: SigningKey, body: LogCheckpointBody): LogCheckpointSignedData {
  return { ...body, signature: signText(key, canonicalJson(body)) };
}

/** Whether `key` signed this checkpoint as it stands. */
export function checkpointSignedBy(key: VerifyingKey, c: LogCheckpointSignedData): boolean {
  const { signature, ...body } = c;
  return c.keyId === key.keyId && verifyText(key, canonicalJson(body), signature);
}

export function signKeyRotation(key: SigningKey, previousKeyId: string | null, time: string): SigningKeyRotatedData {
  const body = { keyId: key.keyId, publicKeyPem: key.publicKeyPem, previousKeyId, time };
  return { ...body, signature: signText(key, canonicalJson(body)) };
}
