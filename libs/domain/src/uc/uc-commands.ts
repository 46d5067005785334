import type { BillingFacts } from '../money/billing-facts';
import type { EnergyPartJson } from './uc-events';
import type { CreditLotJson } from '../compensation/lot-json';
import type { PermissionariaMap, UcFacts } from '../eligibility/uc-facts';
import type { TeTable } from '../tariff/te-table';
import type { P10Mode } from '../compensation/grupo-b-limit';
import type { CyclePricing } from '../money/cycle-pricing';
import type { OpeningLotInput, OpeningSourceJson } from '../opening/opening-lots';

/** P12: when received excedente becomes usable at the receiving UC (a setting per distribuidora). */
export type P12Mode = 'open-cycle' | 'next-month';

/** Outside facts a decision compares, gathered by the handler and recorded in the resulting events. */
export interface DecisionContext {
  /** Facts of the other UCs the command names (keyed by UC id). */
  facts?: Readonly<Record<string, UcFacts>>;
  permissionarias?: PermissionariaMap;
}

/** A rateio as the operator sends it (ChangeRateio). */
export type RateioInput =
  | { mode: 'percentage'; shares: { ucId: string; percent: string }[] }
  | { mode: 'priority'; order: string[]; leftoverUcId?: string };

/**
 * The UC decider's commands: the platform's verbs (RegisterUc … RequestClosureDistribution) and the ones its
 * process managers issue (ReceiveExcedente, ReceiveHeldCredits, ExpireCredits). Fields arrive as the operator sent
 * them (strings); `decide` validates them.
 */
export type UcCommand =
  | {
      type: 'RegisterUc';
      data: {
        ucId: string;
        distribuidora: string;
        titular: { document: string; name: string };
        group: string;
        connection?: string | null;
        postos: string[];
        billedAsGroupB?: boolean;
        registeredAt: string;
        /** R22: B1 B2 B3 B4 (Grupo B) or A1 A2 A3 A3a A4 AS (Grupo A); default B1 / A4. */
        subgrupo?: string | null;
        /** R10 / R24: residential baixa renda subclass; default false. */
        baixaRenda?: boolean;
      };
    }
  | {
      type: 'RegisterGeneration';
      data: {
        installedKw: string;
        source: string;
        dispatchable: boolean;
        modalidade: string;
        requestedAt: string;
        connectedAt: string;
        surplusBase?: string;
      };
    }
  | { type: 'AddCapacity'; data: { addedKw: string; requestedAt: string } }
  | { type: 'RegisterMembers'; data: { members: string[]; legalInstrument: string; date: string } }
  | { type: 'ChangeRateio'; data: { requestedAt: string } & RateioInput; context: DecisionContext }
  | {
      type: 'RecordReading';
      data: { cycle: string; readingDate: string; postos: Record<string, { consumed: string; injected: string }> };
      /** p10 and pricing (R10): the distribuidora's P10 setting and the cycle's T and f, when the handler has them. */
      context: DecisionContext & {
        tariff: TeTable | null;
        p12: P12Mode;
        p10: P10Mode;
        pricing: CyclePricing | null;
        /** R22–R28: recorded for the invoice (the kWh do not depend on it). */
        billing?: BillingFacts;
      };
    }
  | { type: 'TransferTitularidade'; data: { newTitular: { document: string; name: string }; date: string } }
  | { type: 'CloseContract'; data: { date: string }; context: DecisionContext }
  | {
      type: 'RequestClosureDistribution';
      data: { requestedAt: string; shares: { ucId: string; percent: string }[] };
      context: DecisionContext;
    }
  | {
      type: 'ReceiveExcedente';
      data: {
        sourceUcId: string;
        sourceEventId: string;
        sourceCycle: string;
        allocatedOn: string;
        parts: EnergyPartJson[];
      };
    }
  | {
      type: 'ReceiveHeldCredits';
      data: { sourceEventId: string; fromStream: string; rule: 'R19' | 'R20'; lots: CreditLotJson[] };
    }
  | { type: 'ExpireCredits'; data: { date: string } }
  | {
      /** Migration: the UC's balance in the legacy billing system, before its first reading here. */
      type: 'ImportOpeningBalance';
      data: { date: string; source: OpeningSourceJson; credits?: OpeningLotInput[]; received?: OpeningLotInput[] };
    }
  | {
      type: 'CorrectReading';
      data: {
        /** The correction's id (deterministic from the UC, the cycle, the reference and the values). */
        correctionId: string;
        cycle: string;
        /** The correction's business date (R9: what it may still touch; what is due by then expires). */
        date: string;
        postos: Record<string, { consumed: string; injected: string }>;
        reason: string;
        /** The distribuidora's process number. */
        reference: string;
      };
      context: {
        /** The stream's history as the commands that appended it, with their recorded inputs, in order. */
        history: readonly CorrectionHistoryStep[];
        /** Decisions of other streams that recorded the corrected reading's consumption (P6a, R20). */
        readBy: readonly ReadingReadBy[];
        /**
         * R5–R7, R13: the facts of the rateio's UCs as of the corrected reading's date, for a reading whose events
         * recorded none (it allocated no excedente): the corrected reading may allocate some. Recorded facts win.
         */
        facts?: Readonly<Record<string, UcFacts>>;
        /**
         * R18, R19: the ids of the stream's TitularidadeTransferred and ContractClosed events, in order (the sources
         * of the credits held for a titular): a changed leaving is corrected on the titular stream; absent: refused.
         */
        leavingEventIds?: readonly string[];
      };
    }
  | {
      /**
       * Retificação, on a generator whose priority rateio compared the corrected reading's consumption (P6a, R6): its
       * allocations that read it are decided again with the corrected consumption. Issued by the correction itself.
       */
      type: 'RedecideAllocation';
      data: {
        /** The correction of the other UC's reading. */
        correctionId: string;
        /** The correction's business date. */
        date: string;
        /** The UC whose reading was corrected, its date and its corrected total consumption. */
        comparedUcId: string;
        readingDate: string;
        consumedKwh: string;
      };
      context: { history: readonly CorrectionHistoryStep[]; leavingEventIds?: readonly string[] };
    }
  | {
      /**
       * Retificação, on a beneficiary (R5–R7): a generator's corrected reading changes the excedente it allocated to
       * this UC. Issued by the correction itself, with the generator's, in one append.
       */
      type: 'CorrectReceipt';
      data: {
        /** The generator's correction. */
        correctionId: string;
        sourceUcId: string;
        sourceCycle: string;
        /** The delivery's source event: the allocation's, or, for a UC that received nothing, the correction's. */
        sourceEventId: string;
        allocatedOn: string;
        /** The correction's business date. */
        date: string;
        /** What the corrected allocation gives this UC (none: nothing). */
        parts: EnergyPartJson[];
        /**
         * For a UC that received nothing from that cycle: the index of the history's step before which the process
         * manager would have delivered it (right after the generator's reading); null: the history holds the delivery.
         */
        deliveredAt: number | null;
      };
      context: {
        /** The stream's history, in order. */
        history: readonly CorrectionHistoryStep[];
        /** R18, R19: as CorrectReading's. */
        leavingEventIds?: readonly string[];
      };
    }
  | {
      /**
       * Retificação, on a UC that received credits held for a titular (R20: an indication, the default or a new UC
       * moved them here), or that a move gave nothing: a correction of the UC they left changed the lots this move
       * gives this UC (with the titular stream's HeldCreditsCorrected), or a corrected consumption made the default
       * choose another UC (with its ReallocationDefaultRedecided: this UC chosen before, or now). In one append.
       */
      type: 'CorrectHeldReceipt';
      data: {
        /** The correction of the UC the credits left. */
        correctionId: string;
        /** The delivery corrected: `<HeldCreditsReallocated event id>:<this UC>` (the process manager's id). */
        sourceEventId: string;
        /** The titular stream that moved them. */
        fromStream: string;
        /** The UC the credits left (R18, R19). */
        fromUcId: string;
        /** The correction's business date. */
        date: string;
        /** What the corrected move gives this UC. */
        lots: CreditLotJson[];
        /**
         * R20: a move that gave this UC nothing (no delivery reached it): the index in its history where the
         * held-credits process manager would have delivered it (right after the move). Absent: it was delivered.
         */
        deliveredAt?: number;
      };
      context: {
        /** The stream's history, in order. */
        history: readonly CorrectionHistoryStep[];
        /** R18, R19: as CorrectReading's. */
        leavingEventIds?: readonly string[];
      };
    };

/**
 * One step of a UC stream's history as a correction re-decides it: a command, an earlier correction of one of its
 * readings, or an earlier correction of excedente it received (a generator's reading corrected).
 */
export type CorrectionHistoryStep =
  | { kind: 'command'; command: UcCommand }
  | {
      kind: 'correction';
      correctionId: string;
      cycle: string;
      date: string;
      postos: Record<string, { consumed: string; injected: string }>;
    }
  | {
      /** P6a: another UC's corrected consumption, which this generator's priority rateio compared. */
      kind: 'demand-correction';
      correctionId: string;
      ucId: string;
      readingDate: string;
      consumedKwh: string;
      date: string;
    }
  | {
      kind: 'receipt-correction';
      correctionId: string;
      /** The delivery corrected: its generator and the generator's cycle. */
      sourceUcId: string;
      sourceCycle: string;
      date: string;
      parts: EnergyPartJson[];
    }
  | {
      /** R20: credits held for a titular and moved here, corrected: the lots it put in force for the delivery. */
      kind: 'held-receipt-correction';
      correctionId: string;
      /** The delivery corrected (`<HeldCreditsReallocated event id>:<ucId>`). */
      sourceEventId: string;
      date: string;
      lots: CreditLotJson[];
    };

/** A decision of another stream that compared the corrected reading's total consumption. */
export interface ReadingReadBy {
  readonly stream: string;
  readonly eventId: string;
  /** R6 (P6a demand of a priority rateio) or R20 (the largest consumption of a 30-day default). */
  readonly rule: 'R6' | 'R20';
}

/** Type names of the UC decider's commands. */
export type UcCommandType = UcCommand['type'];
