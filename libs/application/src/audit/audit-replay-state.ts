import type { TariffState, TitularState, UcState } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import type { AuditReport } from './audit-report';

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
