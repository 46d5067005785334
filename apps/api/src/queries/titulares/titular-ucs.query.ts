import { decodeCursor, kwhOf, pageOf, type Page, type ReadModelDatabase } from '@compensa/projections';
import type { Kysely } from 'kysely';

/** A UC of a titular, in short. */
export interface TitularUcView {
  ucId: string;
  distribuidora: string;
  /** The UC's own titular document (a filial's CNPJ under the same root). */
  document: string;
  name: string;
  status: string;
  isGenerator: boolean;
  isBeneficiary: boolean;
  creditsKwh: string;
  lastCycle: string | null;
}

/** A page of the UCs whose titular key (CPF, or CNPJ root) is `titularKey`, by UC number (as text: the index's order). */
export async function titularUcs(
  db: Kysely<ReadModelDatabase>,
  titularKey: string,
  request: { cursor?: string; limit: number },
): Promise<Page<TitularUcView>> {
  const after = request.cursor ? (decodeCursor(request.cursor, 2) as [string, string]) : null;
  const rows = await db
    .selectFrom('uc_state')
    .selectAll()
    .where('titular_key', '=', titularKey)
    .$if(after !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('uc_id', '>', after![0]),
          eb.and([eb('uc_id', '=', after![0]), eb('distribuidora', '>', after![1])]),
        ]),
      ),
    )
    .orderBy('uc_id')
    .orderBy('distribuidora')
    .limit(request.limit + 1)
    .execute();
  return pageOf(
    rows,
    request.limit,
    (r) => ({
      ucId: r.uc_id,
      distribuidora: r.distribuidora,
      document: r.titular_document,
      name: r.titular_name,
      status: r.status,
      isGenerator: Number(r.is_generator) === 1,
      isBeneficiary: Number(r.is_beneficiary) === 1,
      creditsKwh: kwhOf(r.credits_wh),
      lastCycle: r.last_cycle,
    }),
    (r) => [r.uc_id, r.distribuidora],
  );
}

/** How many UCs a titular key has and the credits in their balances. */
export async function titularUcTotals(
  db: Kysely<ReadModelDatabase>,
  titularKey: string,
): Promise<{ ucs: number; creditsKwh: string; document: string | null; name: string | null; kind: string | null }> {
  const totals = await db
    .selectFrom('uc_state')
    .select((eb) => [eb.fn.countAll<number>().as('ucs'), eb.fn.sum<number>('credits_wh').as('wh')])
    .where('titular_key', '=', titularKey)
    .executeTakeFirstOrThrow();
  // The lowest UC's titular names the titular (a matriz and its filiais share the key).
  const first = await db
    .selectFrom('uc_state')
    .select(['titular_document', 'titular_name', 'titular_kind'])
    .where('titular_key', '=', titularKey)
    .orderBy('titular_document')
    .limit(1)
    .executeTakeFirst();
  return {
    ucs: Number(totals.ucs ?? 0),
    creditsKwh: kwhOf(totals.wh ?? 0),
    document: first?.titular_document ?? null,
    name: first?.titular_name ?? null,
    kind: first?.titular_kind ?? null,
  };
}
