/**
 * The read-model tables as Kysely sees them. Energy is integer watt-hours (`*_wh`, BIGINT): exact and summable in
 * SQL; it becomes a kWh decimal string (the domain's `Kwh`) only at the edges. Flags are 0/1 integers and dates
 * ISO `YYYY-MM-DD` text, so that both dialects store and compare them alike.
 */

/** Where each projection got to: moves in the same transaction as the projection's rows. */
export interface ProjectionCheckpointsTable {
  name: string;
  position: number;
}

/** The shape a projection's tables were written in (`projection-schema-versions.ts`). */
export interface ProjectionSchemaTable {
  name: string;
  version: number;
}

/** A partitioned rebuild in progress: its partition count and the position every partition stops at. */
export interface ProjectionRebuildPlanTable {
  name: string;
  partitions: number;
  target: number;
}

/** uc_balance: one row per UC, its state as its stream says now. */
export interface UcStateTable {
  uc_id: string;
  stream: string;
  distribuidora: string;
  titular_document: string;
  titular_name: string;
  titular_kind: string;
  titular_key: string;
  status: string;
  uc_group: string;
  /** Comma-separated postos, in the order registered. */
  postos: string;
  billed_as_group_b: number;
  registered_at: string;
  is_generator: number;
  modalidade: string | null;
  surplus_base: string | null;
  installed_w: number | null;
  /** 1 once the UC received excedente from a generator (a beneficiary of a rateio). */
  is_beneficiary: number;
  credits_wh: number;
  last_cycle: string | null;
  last_reading_date: string | null;
  /** Position of the last event of the UC's stream applied here. */
  position: number;
}

/** uc_balance: the UC's credit lots (vintage × posto × GD class × source UC), as `evolveUc` keeps them. */
export interface UcCreditTable {
  uc_id: string;
  vintage: string;
  posto: string;
  gd_class: string;
  source_uc_id: string;
  /** R23: '2023-H1' for the energy of the 2023-H1 cohort, '' for other energy (part of the lot's key). */
  cohort: string;
  distribuidora: string;
  expires_on: string;
  wh: number;
}

/** uc_balance: credits outstanding per distribuidora and expiry date (small: feeds expiring_credits and portfolio). */
export interface CreditExpiryTotalsTable {
  distribuidora: string;
  expires_on: string;
  wh: number;
}

/** uc_balance: counters per distribuidora (feeds portfolio). */
export interface DistribuidoraTotalsTable {
  distribuidora: string;
  ucs: number;
  active_ucs: number;
  generators: number;
  beneficiaries: number;
  credits_wh: number;
}

/** uc_statement: one row per UC and cycle (the CycleCompensated of its reading). */
export interface UcStatementTable {
  uc_id: string;
  cycle: string;
  distribuidora: string;
  reading_date: string;
  consumed_wh: number;
  injected_wh: number;
  compensated_wh: number;
  billed_wh: number;
  excedente_wh: number;
  /** Credits that expired in the same command as the reading (before it, and on its date after it). */
  expired_wh: number;
  minimum_wh: number | null;
  minimum_applied: number;
  p12: string;
  /** Comma-separated rule ids applied, in order. */
  rules: string;
  command_id: string | null;
  position: number;
}

/** uc_statement: per posto figures of a statement. */
export interface UcStatementPostoTable {
  uc_id: string;
  cycle: string;
  posto: string;
  consumed_wh: number;
  injected_wh: number;
  compensated_wh: number;
  billed_wh: number;
}

/** uc_statement: the compensation lines with their invoice labels (R17), in order. */
export interface UcStatementLineTable {
  uc_id: string;
  cycle: string;
  line_no: number;
  posto: string;
  wh: number;
  source: string;
  source_uc_id: string;
  source_posto: string;
  source_wh: number;
  vintage: string | null;
  gd_class: string;
  /** R23: '2023-H1' for the energy of the 2023-H1 cohort, null for other energy. */
  cohort: string | null;
  rule: string;
  label: string;
}

/** uc_statement: every CreditsExpired of a UC (matched to its statement by command id). */
export interface UcExpirationTable {
  uc_id: string;
  position: number;
  date: string;
  command_id: string | null;
  wh: number;
}

/** titular_holdings: a titular stream (`titular-<distribuidora>-<key>`) and who it holds for. */
export interface TitularHolderTable {
  stream: string;
  distribuidora: string;
  titular_key: string;
  document: string;
  name: string;
  kind: string;
}

/** titular_holdings: lots held for a titular, one row per held lot as the stream keeps them. */
export interface TitularHeldLotTable {
  stream: string;
  position: number;
  idx: number;
  distribuidora: string;
  titular_key: string;
  from_uc_id: string;
  vintage: string;
  posto: string;
  gd_class: string;
  source_uc_id: string;
  expires_on: string;
  wh: number;
  /** R23: '2023-H1' for the energy of the 2023-H1 cohort, null for other energy. */
  cohort: string | null;
}

/** titular_holdings: the 30-day windows (R18–R20) with their deadline and status (open, moved, held). */
export interface TitularWindowTable {
  stream: string;
  position: number;
  distribuidora: string;
  titular_key: string;
  from_uc_id: string;
  rule: string;
  date: string;
  deadline: string;
  status: string;
  defaulted_on: string | null;
  /** The retificação that closed the window (status closed). */
  closed_by: string | null;
}

/** generator_flows: per generator and cycle, the excedente and its totals. */
export interface GeneratorFlowTable {
  uc_id: string;
  cycle: string;
  distribuidora: string;
  reading_date: string;
  surplus_base: string;
  rateio_mode: string | null;
  excedente_wh: number;
  allocated_wh: number;
  retained_wh: number;
  position: number;
}

/** generator_flows: where each kWh went: `excedente` parts, `allocation` per target UC, `retained` by the generator. */
export interface GeneratorFlowPartTable {
  uc_id: string;
  cycle: string;
  kind: string;
  target_uc_id: string;
  posto: string;
  gd_class: string;
  wh: number;
}

/**
 * invoices: one row per UC and cycle, the invoice `invoiceOfCycle` derives from the cycle's CycleCompensated
 * (R22–R28). R$ figures are decimal strings (exact, as the invoice prints them; null while a tariff is missing);
 * `invoice` is the whole document as JSON text.
 */
export interface InvoiceTable {
  uc_id: string;
  cycle: string;
  distribuidora: string;
  reading_date: string;
  /** `priced` or `tariff-missing`. */
  status: string;
  total: string | null;
  energy_parcel: string | null;
  scce_charge: string | null;
  bandeira: string | null;
  savings: string | null;
  without_scee: string | null;
  invoice: string;
  position: number;
  /** Retificação: the correction whose CycleRecompensated this row is, its date, and the total it replaced. */
  rebilled_by: string | null;
  rebilled_on: string | null;
  previous_total: string | null;
  /** The total of the cycle's invoice as first issued (its CycleCompensated's); null while a tariff was missing. */
  issued_total: string | null;
  /** How many corrections re-billed the cycle (0: the reading's own invoice). */
  rebilled_times: number;
}

/** corrections: one retificação (a UC's ReadingCorrected): where and when, and why (its re-billing is in its report). */
export interface CorrectionTable {
  correction_id: string;
  uc_id: string;
  distribuidora: string;
  cycle: string;
  reading_date: string;
  /** The correction's business date. */
  date: string;
  reason: string;
  /** The distribuidora's process number. */
  reference: string;
}

/**
 * invoice_shares: what one source UC's energy of one GD class accounts for in a UC's invoice of a cycle (R23, R28):
 * the kWh it compensated, and in centavos (exact, summable in SQL; null while the invoice's tariff is missing) the R$
 * it took off the bill, the SCEE charge paid on it and its part of the savings.
 */
export interface InvoiceShareTable {
  uc_id: string;
  cycle: string;
  source_uc_id: string;
  gd_class: string;
  distribuidora: string;
  wh: number;
  compensated_cents: number | null;
  scce_cents: number | null;
  savings_cents: number | null;
  position: number;
}

/**
 * uc_balance: the net change of the credits in UC balances per distribuidora and month (`YYYY-MM`, of the events'
 * business dates), in Wh; a month with events of UC streams but no change has a row of 0. The sum up to a month is
 * the credits outstanding at its end (`creditsHistory`).
 */
export interface CreditHistoryTable {
  distribuidora: string;
  month: string;
  wh: number;
}

/**
 * uc_balance: what dating its events needs from earlier batches: the date of each CreditsReallocated or HeldCreditsReallocated (by event id:
 * a HeldCreditsReceived takes its cause's date) and, under the id `''`, the latest business date seen.
 */
export interface CreditHistoryDateTable {
  event_id: string;
  date: string;
}

/** titular_holdings: the net change of the credits held for titulares per distribuidora and month, in Wh. */
export interface HeldCreditHistoryTable {
  distribuidora: string;
  month: string;
  wh: number;
}

/** Every read-model table. */
export interface ReadModelDatabase {
  projection_checkpoints: ProjectionCheckpointsTable;
  projection_rebuild_plan: ProjectionRebuildPlanTable;
  projection_schema: ProjectionSchemaTable;
  uc_state: UcStateTable;
  uc_credit: UcCreditTable;
  credit_expiry_totals: CreditExpiryTotalsTable;
  distribuidora_totals: DistribuidoraTotalsTable;
  credit_history: CreditHistoryTable;
  credit_history_date: CreditHistoryDateTable;
  uc_statement: UcStatementTable;
  uc_statement_posto: UcStatementPostoTable;
  uc_statement_line: UcStatementLineTable;
  uc_expiration: UcExpirationTable;
  titular_holder: TitularHolderTable;
  titular_held_lot: TitularHeldLotTable;
  titular_window: TitularWindowTable;
  held_credit_history: HeldCreditHistoryTable;
  generator_flow: GeneratorFlowTable;
  generator_flow_part: GeneratorFlowPartTable;
  invoice: InvoiceTable;
  invoice_share: InvoiceShareTable;
  correction: CorrectionTable;
}
