import {
  correctionReportsOf,
  defaultsRedecidedOf,
  renderCorrectionReportPtBr,
  withReceipts,
  type CorrectionReport,
  type DefaultRedecidedChange,
  type ReceiptRebilling,
} from '@compensa/application';
import type { RecordedEvent } from '@compensa/event-store';
import { openCliEventStore } from '../open-cli-event-store';

/** The corrections of the store's UC streams (of one UC when given), oldest first. */
async function reports(dataDir: string, ucId?: string): Promise<CorrectionReport[]> {
  const store = await openCliEventStore(dataDir);
  try {
    const streams = new Map<string, RecordedEvent[]>();
    const corrected = new Set<string>();
    const titulares = new Map<string, RecordedEvent[]>();
    for await (const e of store.readAll()) {
      // R20: the titular streams' defaults re-decided by a correction.
      if (e.stream.startsWith('titular-')) {
        if (e.type === 'ReallocationDefaultRedecided') titulares.set(e.stream, [...(titulares.get(e.stream) ?? []), e]);
        continue;
      }
      // Every UC stream: a generator's correction re-bills its beneficiaries too, a held credits' one the UCs that
      // received them (R20).
      if (!e.stream.startsWith('uc-')) continue;
      const list = streams.get(e.stream) ?? [];
      list.push(e);
      streams.set(e.stream, list);
      if (
        e.type === 'ReadingCorrected' ||
        e.type === 'ExcedenteReceiptCorrected' ||
        e.type === 'HeldCreditsReceiptCorrected'
      )
        corrected.add(e.stream);
    }
    const receipts: ReceiptRebilling[] = [];
    const found = [...corrected].flatMap((s) => correctionReportsOf(streams.get(s)!, receipts));
    const defaults = new Map<string, DefaultRedecidedChange[]>();
    for (const events of titulares.values()) defaultsRedecidedOf(events, defaults);
    withReceipts(found, receipts, defaults);
    return found
      .filter((r) => ucId === undefined || r.ucId === ucId)
      .sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? -1 : 1));
  } finally {
    await store.close();
  }
}

/** `compensa corrections list`. */
export async function listCorrections(options: { dataDir: string; uc?: string; json?: boolean }): Promise<void> {
  const found = await reports(options.dataDir, options.uc);
  if (options.json) process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
  else if (found.length === 0) process.stdout.write('Nenhuma retificação.\n');
  else process.stdout.write(found.map(renderCorrectionReportPtBr).join('\n'));
}

/** `compensa corrections show <id>`. */
export async function showCorrection(id: string, options: { dataDir: string; json?: boolean }): Promise<void> {
  const uc = /^retif-(.+)-\d{4}-\d{2}-[0-9a-f]{12}$/.exec(id)?.[1];
  const report = uc === undefined ? undefined : (await reports(options.dataDir, uc)).find((r) => r.id === id);
  if (!report) {
    process.stderr.write(`compensa: nenhuma retificação com o id ${id}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderCorrectionReportPtBr(report));
}
