/** Queries on generator_flows: where a generator's excedente went, cycle by cycle. */
import type { Kysely } from 'kysely';
import type { ReadModelDatabase } from '../read-model-database';
import { kwhOf } from '../wh';

/** A part of energy by posto and GD class. */
export interface FlowPartView {
  posto: string;
  gdClass: string;
  kwh: string;
}

/** One generator cycle's excedente and its destinations. */
export interface GeneratorFlowView {
  ucId: string;
  cycle: string;
  distribuidora: string;
  readingDate: string;
  surplusBase: string;
  /** The rateio's mode at that cycle (null: no rateio, all retained). */
  rateioMode: string | null;
  excedenteKwh: string;
  allocatedKwh: string;
  retainedKwh: string;
  excedente: FlowPartView[];
  allocations: (FlowPartView & { ucId: string })[];
  retained: FlowPartView[];
  /** Allocations summed per target UC. */
  byTarget: { ucId: string; kwh: string }[];
}

/** A generator's flows, oldest cycle first; one cycle when `cycle` is given. */
export async function generatorFlows(
  db: Kysely<ReadModelDatabase>,
  ucId: string,
  cycle?: string,
): Promise<GeneratorFlowView[]> {
  const flows = await db
    .selectFrom('generator_flow')
    .selectAll()
    .where('uc_id', '=', ucId)
    .$if(cycle !== undefined, (q) => q.where('cycle', '=', cycle!))
    .orderBy('cycle')
    .execute();
  if (flows.length === 0) return [];
  const parts = await db
    .selectFrom('generator_flow_part')
    .selectAll()
    .where('uc_id', '=', ucId)
    .$if(cycle !== undefined, (q) => q.where('cycle', '=', cycle!))
    .orderBy('cycle')
    .orderBy('kind')
    .orderBy('target_uc_id')
    .orderBy('posto')
    .orderBy('gd_class')
    .execute();
  return flows.map((f) => {
    const mine = parts.filter((p) => p.cycle === f.cycle);
    const of = (kind: string) => mine.filter((p) => p.kind === kind);
    const byTarget = new Map<string, number>();
    for (const a of of('allocation')) byTarget.set(a.target_uc_id, (byTarget.get(a.target_uc_id) ?? 0) + Number(a.wh));
    return {
      ucId: f.uc_id,
      cycle: f.cycle,
      distribuidora: f.distribuidora,
      readingDate: f.reading_date,
      surplusBase: f.surplus_base,
      rateioMode: f.rateio_mode,
      excedenteKwh: kwhOf(f.excedente_wh),
      allocatedKwh: kwhOf(f.allocated_wh),
      retainedKwh: kwhOf(f.retained_wh),
      excedente: of('excedente').map((p) => ({ posto: p.posto, gdClass: p.gd_class, kwh: kwhOf(p.wh) })),
      allocations: of('allocation').map((p) => ({
        ucId: p.target_uc_id,
        posto: p.posto,
        gdClass: p.gd_class,
        kwh: kwhOf(p.wh),
      })),
      retained: of('retained').map((p) => ({ posto: p.posto, gdClass: p.gd_class, kwh: kwhOf(p.wh) })),
      byTarget: [...byTarget].map(([target, wh]) => ({ ucId: target, kwh: kwhOf(wh) })),
    };
  });
}
