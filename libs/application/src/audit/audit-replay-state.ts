import type { TariffState, TitularState, UcState } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import type { AuditReport, TrailTitular, TrailUc } from './audit-report';

/** What the replay folded, keyed by stream: what a read-model comparison (check 3) compares against. */
export interface AuditReplay {
  asOf: string | null;
  position: number | null;
  ucs: ReadonlyMap<string, UcState>;
  titulares: ReadonlyMap<string, TitularState>;
  tariffs: ReadonlyMap<string, TariffState>;
  /** The events replayed (within the date or position), in global order. */
  events: readonly RecordedEvent[];
  report: AuditReport;
}

/** What one stream's replay hands on as soon as that stream is done: its state and the events replayed. */
export type ReplayedStream =
  | { kind: 'uc'; stream: string; state: UcState; trail: TrailUc; events: readonly RecordedEvent[] }
  | { kind: 'titular'; stream: string; state: TitularState; trail: TrailTitular; events: readonly RecordedEvent[] }
  | { kind: 'tariff'; stream: string; state: TariffState; events: readonly RecordedEvent[] }
  | { kind: 'national'; stream: string; events: readonly RecordedEvent[] };
