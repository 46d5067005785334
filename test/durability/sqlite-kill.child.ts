/**
 * Child of sqlite-kill.int.spec.ts: appends under load to the sqlite store until it is killed, and prints one JSON
 * line per append only after that append's promise resolved (i.e. after its COMMIT).
 * Usage: node --require test/support/swc-register.js sqlite-kill.child.ts <db path>
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, WrongExpectedRevision, type ExpectedRevision } from '@compensa/event-store';

/** One acknowledged append, as the parent reads it. */
export interface Ack {
  writer: number;
  appendId: string;
  stream: string;
  nextRevision: number;
  position: number;
  ids: string[];
}

const store = new SqliteEventStore({ path: process.argv[2] });

function report(line: unknown): void {
  // Pipes are written synchronously on Linux: once this returns, the parent can read the line.
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Writers 0-3 own a stream each; 4-7 share two streams, two with 'any' and two with exact revisions and retries. */
async function writer(w: number): Promise<never> {
  const stream = w < 4 ? `own-${w}` : `shared-${w % 2}`;
  const mode: 'exact' | 'any' = w < 4 || w >= 6 ? 'exact' : 'any';
  let revision = await store.streamRevision(stream);
  for (let seq = 0; ; seq++) {
    const appendId = randomUUID();
    const of = 1 + (seq % 4);
    const events = Array.from({ length: of }, (_, i) => ({
      id: randomUUID(),
      type: 'Load',
      data: { appendId, writer: w, seq, i, of, kwh: `${seq}.${i}` },
      metadata: { correlationId: appendId },
    }));
    const expectedRevision: ExpectedRevision = mode === 'any' ? 'any' : (revision ?? 'no_stream');
    try {
      const result = await store.append(stream, events, { expectedRevision });
      revision = result.nextRevision;
      const ack: Ack = { writer: w, appendId, stream, ...result, ids: events.map((e) => e.id) };
      report(ack);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
      revision = error.actual;
    }
  }
}

report('ready');
for (let w = 0; w < 8; w++) {
  writer(w).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
