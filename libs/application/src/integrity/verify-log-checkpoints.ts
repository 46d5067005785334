import { canonicalJson, StreamNotFound, type EventStore, type RecordedEvent } from '@compensa/event-store';
import { EventLoopTurns } from '../audit/event-loop-turns';
import { CheckpointWitness } from './checkpoint-witness';
import {
  checkpointSignedBy,
  LOG_CHECKPOINT_EVENT,
  LOG_CHECKPOINT_STREAM,
  SIGNING_KEY_ROTATED_EVENT,
  type LogCheckpointSignedData,
  type SigningKeyRotatedData,
} from './log-checkpoint';
import { LogDigest, type LogDigestState, type LogPlace } from './log-digest';
import type { CheckpointFinding, LogIntegrity } from './log-integrity';
import type { VerifyingKey } from './signing-key';

/** What the auditor trusts: the public key (never taken from the log) and, optionally, the witness file. */
export interface CheckpointTrust {
  publicKey: VerifyingKey | null;
  witnessPath: string | null;
}

/**
 * Check 0: reads the whole log once in global order, folds the running digest and compares it with every signed
 * checkpoint (from the log's `log-checkpoints` stream and the witness, merged by seq). Names the first checkpoint the
 * log no longer matches (truncation, a deleted stream, missing, added or rewritten events, hashes recomputed or not),
 * checkpoints not signed by the trusted key, and checkpoints missing from the witness or from the log.
 */
export async function verifyLogCheckpoints(store: EventStore, trust: CheckpointTrust): Promise<LogIntegrity> {
  const verification = await startLogCheckpointVerification(store, trust);
  const turns = new EventLoopTurns();
  if (verification.fold)
    for await (const e of store.readAll()) {
      verification.fold(e);
      if (turns.due()) await turns.turn();
    }
  return verification.finish();
}

/**
 * Check 0 fed by a caller that reads the whole log in global order anyway (the streamed audit): `fold` each event
 * (absent when there is nothing to fold: no trusted key), then `finish`.
 */
export interface LogCheckpointVerification {
  fold: {
    (e: RecordedEvent, contentHash?: string): void;
    /** An event not parsed: its place, and its content hash (the stored one, of a chain just verified). */
    (e: LogPlace, contentHash: string): void;
  } | null;
  finish(): LogIntegrity;
}

/** Reads the checkpoints (log and witness) and checks their signatures; the log itself is folded by the caller. */
export async function startLogCheckpointVerification(
  store: EventStore,
  trust: CheckpointTrust,
): Promise<LogCheckpointVerification> {
  const out: LogIntegrity = {
    ran: false,
    reason: null,
    publicKey: trust.publicKey?.publicKeyPem ?? null,
    keyId: trust.publicKey?.keyId ?? null,
    witness: trust.witnessPath,
    checkpoints: 0,
    verified: 0,
    verifiedUpTo: null,
    events: 0,
    head: null,
    keys: [],
    findings: [],
  };
  // The witness first: a line is written only after its event is stored, so whatever it holds is in the log by now.
  const inWitness = new Map<number, LogCheckpointSignedData>();
  if (trust.witnessPath) for (const c of new CheckpointWitness(trust.witnessPath).read()) inWitness.set(c.seq, c);
  const witnessMax = Math.max(0, ...inWitness.keys());
  const inLog = new Map<number, LogCheckpointSignedData>();
  try {
    for await (const e of store.readStream(LOG_CHECKPOINT_STREAM)) {
      if (e.type === LOG_CHECKPOINT_EVENT) {
        const c = e.data as LogCheckpointSignedData;
        if (!inLog.has(c.seq)) inLog.set(c.seq, c);
      } else if (e.type === SIGNING_KEY_ROTATED_EVENT) {
        const k = e.data as SigningKeyRotatedData;
        out.keys.push({ keyId: k.keyId, previousKeyId: k.previousKeyId, time: k.time });
      }
    }
  } catch (err) {
    if (!(err instanceof StreamNotFound)) throw err;
  }
  if (!trust.publicKey) {
    out.reason =
      inLog.size + inWitness.size === 0
        ? 'nenhum checkpoint assinado e nenhuma chave pública: a integridade do log inteiro não está provada'
        : 'há checkpoints assinados, mas nenhuma chave pública foi dada (--public-key): não verificados';
    out.checkpoints = new Set([...inLog.keys(), ...inWitness.keys()]).size;
    return { fold: null, finish: () => out };
  }
  out.ran = true;
  const key = trust.publicKey;
  const finding = (f: Omit<CheckpointFinding, 'after'> & { after?: number | null }) =>
    out.findings.push({ after: null, ...f });

  // Merge by seq: the witness (kept elsewhere) and the log must hold the same checkpoints.
  const maxSeq = Math.max(0, ...inLog.keys(), ...inWitness.keys());
  const trusted: LogCheckpointSignedData[] = [];
  for (let seq = 1; seq <= maxSeq; seq++) {
    const l = inLog.get(seq);
    const w = inWitness.get(seq);
    const c = w ?? l;
    if (!c) {
      finding({
        kind: 'missing-from-log',
        seq,
        position: null,
        detail: `checkpoint #${seq} is neither in the log nor in the witness (a gap in the sequence)`,
      });
      continue;
    }
    out.checkpoints++;
    // The log's last checkpoint just past the witness may be on its way there (a platform signing while we read).
    const inFlight = seq === maxSeq && seq === witnessMax + 1;
    if (trust.witnessPath && l && !w && !inFlight)
      finding({
        kind: 'missing-from-witness',
        seq,
        position: l.position,
        detail: `checkpoint #${seq} (position ${l.position}) is in the log but not in the witness ${trust.witnessPath}`,
      });
    if (l === undefined && w)
      finding({
        kind: 'missing-from-log',
        seq,
        position: w.position,
        detail: `checkpoint #${seq} (position ${w.position}) is in the witness but not in the log's ${LOG_CHECKPOINT_STREAM} stream`,
      });
    if (l && w && canonicalJson(l) !== canonicalJson(w))
      finding({
        kind: 'witness-differs',
        seq,
        position: w.position,
        detail: `checkpoint #${seq}: the log holds another checkpoint than the witness (log: position ${l.position}, digest ${l.digest}; witness: position ${w.position}, digest ${w.digest})`,
      });
    for (const candidate of l && w && canonicalJson(l) !== canonicalJson(w) ? [w, l] : [c]) {
      if (checkpointSignedBy(key, candidate)) trusted.push(candidate);
      else
        finding({
          kind: 'bad-signature',
          seq,
          position: candidate.position,
          detail:
            candidate.keyId !== key.keyId
              ? `checkpoint #${seq} is signed by key ${candidate.keyId}, not by the trusted key ${key.keyId} (a swapped key)`
              : `checkpoint #${seq}: the signature does not match its content (altered after signing)`,
        });
    }
  }
  // Several copies of a seq (log ≠ witness) both signed: each is compared; sorted by position.
  trusted.sort((a, b) => a.position - b.position || a.seq - b.seq);

  const digest = new LogDigest();
  let next = 0;
  let mismatchFound = false;
  let lastGood: number | null = null;
  const compare = (c: LogCheckpointSignedData, s: LogDigestState) => {
    if (s.digest === c.digest) {
      out.verified++;
      lastGood = c.position;
      out.verifiedUpTo = c.position;
      return;
    }
    if (mismatchFound) return; // every later digest differs too: the first is the one to name
    mismatchFound = true;
    const kind =
      s.events < c.events
        ? s.streams < c.streams
          ? 'stream-deleted'
          : 'events-missing'
        : s.events > c.events
          ? 'events-added'
          : 'rewritten';
    const counts =
      s.events === c.events
        ? `${c.events} events as signed, another digest`
        : `${s.events} events and ${s.streams} streams where ${c.events} and ${c.streams} were signed`;
    finding({
      kind,
      seq: c.seq,
      position: c.position,
      after: lastGood,
      detail:
        `the log up to position ${c.position} no longer matches checkpoint #${c.seq} signed ${c.time} (${counts}); ` +
        `the first difference lies after position ${lastGood ?? 'start'} and at or before ${c.position}`,
    });
  };
  const fold = (e: RecordedEvent | LogPlace, contentHash?: string) => {
    while (next < trusted.length && trusted[next]!.position < e.position) compare(trusted[next++]!, digest.current());
    if (contentHash === undefined) digest.fold(e as RecordedEvent);
    else digest.fold(e, contentHash);
  };
  return {
    fold,
    finish: () => finishVerification(out, digest, trusted, next, compare, finding, inLog.size + inWitness.size),
  };
}

function finishVerification(
  out: LogIntegrity,
  digest: LogDigest,
  trusted: LogCheckpointSignedData[],
  from: number,
  compare: (c: LogCheckpointSignedData, s: LogDigestState) => void,
  finding: (f: Omit<CheckpointFinding, 'after'> & { after?: number | null }) => void,
  checkpointsSeen: number,
): LogIntegrity {
  let next = from;
  const end = digest.current();
  out.events = end.events;
  out.head = end.position;
  for (; next < trusted.length; next++) {
    const c = trusted[next]!;
    if (end.position !== null && c.position <= end.position) compare(c, end);
    else {
      finding({
        kind: 'truncated',
        seq: c.seq,
        position: c.position,
        after: end.position,
        detail: `the log ends at position ${end.position ?? 'none'} (${end.events} events) but checkpoint #${c.seq} signed ${c.time} covers up to position ${c.position} (${c.events} events): its tail was cut`,
      });
      break;
    }
  }
  if (checkpointsSeen === 0) out.reason = 'nenhum checkpoint assinado no log nem na testemunha';
  return out;
}
