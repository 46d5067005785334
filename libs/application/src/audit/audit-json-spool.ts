import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditJsonItem, auditJsonTrailEvent, auditJsonValue } from './audit-json';
import type { AuditReport, TrailEvent } from './audit-report';
import { AuditSpoolFile, type AuditReportSpool } from './audit-spool-file';

/** The report's long sections, spooled as they come. */
type Section = 'events' | 'ucs' | 'moves' | 'titulares';

/**
 * The JSON report of `streamAudit` written as a stream: the trail, the UCs, the moves and the titulares are printed
 * one element at a time into spool files as the audit produces them, then `finish` writes the report in its order
 * (keys sorted, as `renderAuditJson`, byte for byte the same) copying the spools through. Memory holds one element at a
 * time and a buffer, whatever the size of the log. `close` removes the spools.
 */
export class AuditJsonSpool implements AuditReportSpool {
  private readonly dir: string;
  private readonly spools = new Map<string, AuditSpoolFile>();

  constructor(parentDir: string = tmpdir()) {
    this.dir = mkdtempSync(join(parentDir, 'compensa-audit-'));
  }

  event(e: TrailEvent): void {
    // One a replayed event: printed by its own printer (the same bytes, without walking it).
    this.file('events').add(`,${auditJsonTrailEvent(e)}`);
  }

  uc(u: unknown): void {
    this.add(u, 'ucs');
  }

  /** Moves arrive by stream name within each stream kind: a spool per name prefix, copied in prefix order. */
  move(m: { stream: string }): void {
    this.add(m, 'moves', m.stream.slice(0, m.stream.indexOf('-') + 1));
  }

  titular(t: unknown): void {
    this.add(t, 'titulares');
  }

  /** Writes the whole report (its long sections from the spools; the report's own arrays for them are ignored). */
  finish(report: AuditReport, write: (chunk: string | Uint8Array) => void): void {
    for (const chunk of this.chunks(report)) write(chunk);
  }

  /** The report's bytes piece by piece, for a writer that waits (an HTTP response draining). */
  *chunks(report: AuditReport, into?: Buffer): Generator<string | Uint8Array> {
    const record = report as unknown as Record<string, unknown>;
    const keys = Object.keys(record)
      .sort()
      .filter((k) => record[k] !== undefined);
    yield '{';
    for (const [i, key] of keys.entries()) {
      yield `${i > 0 ? ',' : ''}\n  ${JSON.stringify(key)}: `;
      if (isSection(key)) {
        const parts = [...this.spools.entries()]
          .filter(([name]) => name === key || name.startsWith(`${key}:`))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([, spool]) => spool)
          .filter((spool) => spool.count > 0);
        if (parts.length === 0) {
          yield '[]';
          continue;
        }
        yield '[';
        // Every element was spooled with its leading comma: the section's first one drops it.
        for (const [j, spool] of parts.entries()) yield* spool.chunks(j === 0 ? 1 : 0, into);
        yield '\n  ]';
        continue;
      }
      const value = record[key];
      if (Array.isArray(value) && value.length > 0) {
        yield '[';
        for (const [j, item] of value.entries()) yield `${j > 0 ? ',' : ''}${auditJsonItem(item)}`;
        yield '\n  ]';
      } else yield auditJsonValue(value);
    }
    yield '\n}\n';
  }

  close(): void {
    for (const spool of this.spools.values()) spool.close();
    this.spools.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Every element with its leading comma: the first one of the section drops it when copied. */
  private add(item: unknown, section: Section, part?: string): void {
    this.file(section, part).add(`,${auditJsonItem(item)}`);
  }

  private file(section: Section, part?: string): AuditSpoolFile {
    const name = part === undefined ? section : `${section}:${part}`;
    let spool = this.spools.get(name);
    if (!spool) {
      spool = new AuditSpoolFile(join(this.dir, `${this.spools.size}.json`));
      this.spools.set(name, spool);
    }
    return spool;
  }
}

const SECTIONS: readonly string[] = ['events', 'ucs', 'moves', 'titulares'] satisfies Section[];
const isSection = (key: string): key is Section => SECTIONS.includes(key);
