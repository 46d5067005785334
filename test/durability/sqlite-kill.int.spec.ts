/**
 * Durability, proven: a child process appends under load to the sqlite store and is SIGKILLed at a random moment,
 * again and again on the same file. After each kill the file is reopened and must hold every append the child had
 * acknowledged, in order, with all its events; no append may be partly there; every stream's hash chain verifies.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@compensa/event-store';
import type { Ack } from './sqlite-kill.child';

const ROUNDS = 24;
const REGISTER = join(__dirname, '..', 'support', 'swc-register.js');
const CHILD = join(__dirname, 'sqlite-kill.child.ts');

interface LoadData {
  appendId: string;
  writer: number;
  i: number;
  of: number;
}

/** Runs the child until it reported `ready`, then kills it after `delayMs`; returns the acks it printed. */
function runAndKill(path: string, delayMs: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', REGISTER, CHILD, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Ack[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!; // an incomplete last line was not fully acknowledged
      for (const line of lines) {
        const message = JSON.parse(line) as Ack | 'ready';
        if (message === 'ready') {
          setTimeout(() => {
            killed = true;
            child.kill('SIGKILL');
          }, delayMs);
        } else {
          acks.push(message);
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`child exited on its own (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/**
 * Every check on the reopened file; `acks` holds the acknowledgements of every round so far. Returns what is wrong
 * (plain comparisons, not one jest expect per event: the file holds tens of thousands of events).
 */
async function problemsIn(path: string, acks: Ack[]): Promise<string[]> {
  const problems: string[] = [];
  const store = new SqliteEventStore({ path });
  try {
    const all = await collect(store.readAll());
    const byId = new Map<string, RecordedEvent>(all.map((e) => [e.id, e]));

    // Every acknowledged append is there, at the revisions and position it was acknowledged with.
    for (const ack of acks) {
      const first = ack.nextRevision - ack.ids.length + 1;
      ack.ids.forEach((id, i) => {
        const e = byId.get(id);
        if (!e) problems.push(`acknowledged event ${id} of append ${ack.appendId} is missing`);
        else if (e.stream !== ack.stream || e.revision !== first + i) {
          problems.push(`event ${id} is at ${e.stream}@${e.revision}, acknowledged at ${ack.stream}@${first + i}`);
        } else if (i === ack.ids.length - 1 && e.position !== ack.position) {
          problems.push(`append ${ack.appendId} ends at position ${e.position}, acknowledged ${ack.position}`);
        }
      });
    }

    // In order: each writer's acknowledged appends sit in the log in the order it had them acknowledged.
    const lastByWriter = new Map<number, number>();
    for (const ack of acks) {
      const last = lastByWriter.get(ack.writer) ?? -Infinity;
      if (ack.position <= last)
        problems.push(`writer ${ack.writer}: append at ${ack.position} acknowledged after ${last}`);
      lastByWriter.set(ack.writer, ack.position);
    }

    // No partial append: every append's events are all there, contiguous, in one stream.
    const groups = new Map<string, RecordedEvent[]>();
    for (const e of all) {
      const { appendId } = e.data as LoadData;
      const group = groups.get(appendId);
      if (group) group.push(e);
      else groups.set(appendId, [e]);
    }
    for (const [appendId, group] of groups) {
      const { of } = group[0].data as LoadData;
      const whole =
        group.length === of &&
        group.every(
          (e, i) =>
            (e.data as LoadData).i === i && e.revision === group[0].revision + i && e.stream === group[0].stream,
        );
      if (!whole) problems.push(`append ${appendId} is partial or scattered: ${group.length} of ${of} events`);
    }

    // Every chain verifies.
    for (const stream of new Set(all.map((e) => e.stream))) {
      const result = await store.verifyStream(stream);
      if (!result.ok) problems.push(`chain of ${stream} breaks at ${result.revision}: ${result.reason}`);
    }
    // Sanity of the check itself.
    if (all.length < acks.reduce((n, ack) => n + ack.ids.length, 0)) problems.push('fewer events than acknowledged');
  } finally {
    await store.close();
  }
  return problems;
}

describe('sqlite durability under SIGKILL', () => {
  let dir: string;

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'compensa-kill-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every acknowledged append, whole and chained, across ${ROUNDS} kills at random moments`, async () => {
    const path = join(dir, 'events.db');
    const acks: Ack[] = [];
    const perRound: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Spread the moments over the run: early (first batches in flight) to well under load.
      const delayMs = Math.floor(((round + Math.random()) / ROUNDS) * 300);
      const roundAcks = await runAndKill(path, delayMs);
      perRound.push(roundAcks.length);
      acks.push(...roundAcks);
      expect({ round, delayMs, problems: await problemsIn(path, acks) }).toEqual({ round, delayMs, problems: [] });
    }
    // The kills did land while appends were being acknowledged, not before the load started.
    expect(perRound.filter((n) => n > 0).length).toBeGreaterThanOrEqual(ROUNDS / 2);
    expect(acks.length).toBeGreaterThan(ROUNDS * 10);
  }, 120_000);
});
