/**
 * The invoices read model on SQLite and PostgreSQL (a fresh schema, dropped after): a store with real R$ (tariff per
 * subgrupo, taxes, bandeira, a GD II generator and its beneficiary) and one whose tariff is missing are projected;
 * every row is `invoiceOfCycle` of its CycleCompensated, equal to the simulation report's invoice, its columns agree
 * with its document, and the list pages by cycle range.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@compensa/event-store';
import { invoiceOfCycle, type UcEvent } from '@compensa/domain';
// A test of the read models built by the simulation (the command side lives above this lib).
import { runSimulation } from '../../application/src/simulation/run-simulation';
import type { SimulationReport } from '../../application/src/simulation/simulation-report';
import { PRICED_INVOICE_SCENARIO } from '../../../test/support/priced-invoice-scenario';
import { domainEventOf } from './domain-event';
import {
  invoiceOf,
  invoicesPage,
  openReadModels,
  ProjectionRunner,
  ucExpiringCredits,
  ucState,
  type InvoiceView,
  type ReadModelStore,
} from './index';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', '01-rateio-percentual.jsonl');

const tmp = mkdtempSync(join(tmpdir(), 'compensa-invoices-'));
let report: SimulationReport;

beforeAll(async () => {
  await runSimulation(readFileSync(EXAMPLE, 'utf8').split('\n'), { dataDir: tmp });
  report = await runSimulation([...PRICED_INVOICE_SCENARIO], { dataDir: tmp });
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(['sqlite', 'postgres'] as const)('invoices read model on %s', (dialect) => {
  let rm: ReadModelStore;
  let store: SqliteEventStore;

  beforeAll(async () => {
    rm =
      dialect === 'sqlite'
        ? await openReadModels(`sqlite:${join(tmp, `rm-${randomUUID()}.db`)}`)
        : await openReadModels(PG_URL, { schema: `inv_${randomUUID().replace(/-/g, '').slice(0, 16)}`, poolSize: 2 });
    store = new SqliteEventStore({ path: join(tmp, 'events.db'), pollIntervalMs: 5 });
    await new ProjectionRunner({ store, readModels: rm, rebuildBatchSize: 4 }).rebuild();
  });

  afterAll(async () => {
    await store.close();
    await rm.close({ dropSchema: true });
  });

  it('R22–R28: each row is invoiceOfCycle of its recorded CycleCompensated, as the simulation reports it', async () => {
    let priced = 0;
    let missing = 0;
    for await (const e of store.readAll()) {
      if (e.type !== 'CycleCompensated') continue;
      const data = domainEventOf<Extract<UcEvent, { type: 'CycleCompensated' }>>(e).data;
      const view = (await invoiceOf(rm.db, data.ucId, data.cycle))!;
      const { ucId, cycle, distribuidora, readingDate, rebilled, ...invoice } = view;
      expect({ ucId, cycle, distribuidora, readingDate, rebilled }).toEqual({
        ucId: data.ucId,
        cycle: data.cycle,
        distribuidora: 'copel',
        readingDate: data.readingDate,
        rebilled: null,
      });
      expect(invoice).toEqual(invoiceOfCycle(data));
      expect(invoice).toEqual(report.ucs[ucId].cycles[cycle].invoice);
      if (invoice.status === 'priced') priced++;
      else missing++;
    }
    expect(priced).toBe(6);
    expect(missing).toBeGreaterThan(0);
  });

  it('the columns say what the document says', async () => {
    const rows = await rm.db.selectFrom('invoice').selectAll().where('uc_id', 'in', ['9001', '9002', '1001']).execute();
    expect(rows.length).toBeGreaterThan(6);
    for (const r of rows) {
      const doc = JSON.parse(r.invoice) as InvoiceView;
      expect([r.status, r.total, r.energy_parcel, r.scce_charge, r.bandeira, r.savings, r.without_scee]).toEqual([
        doc.status,
        doc.total,
        doc.energyParcel,
        doc.scceCharge,
        doc.bandeira,
        doc.savings,
        doc.withoutScee,
      ]);
    }
    // The GD II generator pays the SCEE charge (R23) and saves against the cycle without SCEE (R28).
    const may = rows.find((r) => r.uc_id === '9001' && r.cycle === '2025-05')!;
    expect(Number(may.scce_charge)).toBeGreaterThan(0);
    expect(Number(may.savings)).toBeGreaterThan(0);
  });

  it('pages a UC’s invoices by cycle range, oldest first', async () => {
    const first = await invoicesPage(rm.db, '9002', { from: '2025-04', to: '2025-06', limit: 2 });
    expect(first.items.map((i) => i.cycle)).toEqual(['2025-04', '2025-05']);
    const second = await invoicesPage(rm.db, '9002', {
      from: '2025-04',
      to: '2025-06',
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second.items.map((i) => i.cycle)).toEqual(['2025-06']);
    expect(second.nextCursor).toBeNull();
    expect((await invoicesPage(rm.db, '9002', { from: '2025-05', to: '2025-05' })).items.map((i) => i.cycle)).toEqual([
      '2025-05',
    ]);
    expect((await invoicesPage(rm.db, '9002', { to: '2025-03' })).items).toEqual([]);
    expect(await invoiceOf(rm.db, '9002', '2024-01')).toBeNull();
  });

  it('R9: what the demonstrativo lists as expiring is the UC’s lots due within the window, soonest first', async () => {
    const lots = (await ucState(rm.db, '9001'))!.balance.vintages;
    expect(lots.length).toBe(3);
    expect(await ucExpiringCredits(rm.db, '9001', { today: '2025-06-20', withinDays: 183 })).toEqual([]);
    const due = await ucExpiringCredits(rm.db, '9001', { today: '2030-01-01', withinDays: 150 });
    expect(due.map((l) => l.expiresOn)).toEqual(['2030-04-10', '2030-05-12']);
    for (const l of due)
      expect(lots).toContainEqual(
        expect.objectContaining({
          vintage: l.vintage,
          posto: l.posto,
          gdClass: l.gdClass,
          kwh: l.kwh,
          expiresOn: l.expiresOn,
        }),
      );
  });
});
