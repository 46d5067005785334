import type { CohortClass, ScceCohort } from '../values/scce-cohort';
import type { BillingFacts } from '../money/billing-facts';
import type { Rateio } from '../allocation/rateio';
import type { Modalidade, Source, SurplusBase } from '../classification/generation';
import type { Connection } from '../compensation/custo-disponibilidade';
import type { CreditLotJson, ReceivedLotJson } from '../compensation/lot-json';
import type { OpeningSourceJson } from '../opening/opening-lots';
import type { UcFacts } from '../eligibility/uc-facts';
import type { GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import type { Subgrupo } from '../values/subgrupo';
import type { P10Mode } from '../compensation/grupo-b-limit';

/** A titular as events carry it. */
export interface TitularJson {
  document: string;
  kind: 'CPF' | 'CNPJ';
  name: string;
  /** CPF, or CNPJ root. */
  key: string;
}

/** An energy part as events carry it. */
export interface EnergyPartJson {
  posto: Posto;
  gdClass: GdClass;
  kwh: string;
  /** R23 (L art. 27 §2): only on energy of a tranche requested between 2023-01-08 and 2023-07-07. */
  cohort?: ScceCohort;
}

/** R10 / R22–R23: the cycle's T per posto and f per posto and GD class, as decimal strings (R$/kWh). */
export interface PricingJson {
  T: Partial<Record<Posto, string>>;
  /** Per posto whose f is known for every class (a posto whose f needs an unpublished rate is absent, R23). */
  f: Partial<Record<Posto, Record<GdClass, string>>>;
  /** R23 (L art. 27 §2): the 2023-H1 cohort's f, only for a cycle with days in 2029 or 2030. */
  fCohort?: Partial<Record<Posto, Partial<Record<CohortClass, string>>>>;
}

/** A compensation line as events carry it (R17). */
export interface CompensationLineJson {
  posto: Posto;
  kwh: string;
  source: 'own' | 'received' | 'credit';
  sourceUcId: string;
  sourcePosto: Posto;
  sourceKwh: string;
  vintage: string | null;
  gdClass: GdClass;
  rule: 'R1' | 'R2' | 'R8';
  label: string;
  /** R23 (L art. 27 §2): only on energy of the 2023-H1 cohort (its f in 2029–2030 is `pricing.fCohort`). */
  cohort?: ScceCohort;
}

/** Every event a UC stream holds. `data` is JSON: kWh, kW and percentages travel as strings (Q1). */
export type UcEvent =
  | {
      type: 'UcRegistered';
      data: {
        ucId: string;
        distribuidora: string;
        titular: TitularJson;
        group: 'A' | 'B';
        connection: Connection | null;
        postos: Posto[];
        billedAsGroupB: boolean;
        registeredAt: string;
        /** R22: the tariff subgrupo (default B1 for Grupo B, A4 for Grupo A). */
        subgrupo: Subgrupo;
        /** R10 / R24: residential baixa renda subclass. */
        baixaRenda: boolean;
      };
    }
  | {
      type: 'GenerationRegistered';
      data: {
        ucId: string;
        installedKw: string;
        source: Source;
        dispatchable: boolean;
        modalidade: Modalidade;
        requestedAt: string;
        connectedAt: string;
        surplusBase: SurplusBase;
        /** R15 class of the tranche at request (GD III depends on the rateio, decided per reading). */
        gdClass: GdClass;
        size: 'micro' | 'mini';
      };
    }
  | {
      type: 'CapacityAdded';
      data: {
        ucId: string;
        addedKw: string;
        requestedAt: string;
        totalKw: string;
        gdClass: GdClass;
        size: 'micro' | 'mini';
      };
    }
  | { type: 'MembersRegistered'; data: { ucId: string; members: string[]; legalInstrument: string; date: string } }
  | {
      type: 'RateioChanged';
      data: {
        ucId: string;
        requestedAt: string;
        rateio: Rateio;
        /** R13: the facts of the listed UCs the decision checked. */
        checked: UcFacts[];
        /** R13 (L art. 15): the permissionária setting, when one is configured. */
        permissionarias?: Record<string, string>;
      };
    }
  | {
      type: 'ReadingRecorded';
      data: {
        ucId: string;
        cycle: string;
        readingDate: string;
        postos: Partial<Record<Posto, { consumed: string; injected: string }>>;
      };
    }
  | {
      type: 'CycleCompensated';
      data: {
        ucId: string;
        cycle: string;
        readingDate: string;
        /** The TE used for conversions (R2), as recorded inputs. */
        te: Partial<Record<Posto, string>> | null;
        consumed: Partial<Record<Posto, string>>;
        injected: Partial<Record<Posto, string>>;
        /** Own injection by posto and GD class (R16). */
        injectedByClass: EnergyPartJson[];
        compensated: Partial<Record<Posto, string>>;
        billed: Partial<Record<Posto, string>>;
        compensatedKwh: string;
        lines: CompensationLineJson[];
        receivedUsed: { lotId: string; kwh: string }[];
        creditsUsed: (Omit<CreditLotJson, 'kwh' | 'expiresOn'> & { kwh: string })[];
        /** Received excedente left after this reading: becomes credit with vintage = this reading (R8). */
        receivedToCredit: CreditLotJson[];
        /** R10: the Grupo B minimum applied as a kWh floor; null for Grupo A. */
        minimumKwh: string | null;
        minimumApplied: boolean;
        excedenteKwh: string;
        /** Rule ids applied at this reading, in order. */
        rules: string[];
        /** P12 mode used to decide which received excedente was usable. */
        p12: 'open-cycle' | 'next-month';
        /** R10: the P10 mode in force for the distribuidora. */
        p10: P10Mode;
        /** R10: the T and f the cap used; null when none was given (or needed). */
        pricing: PricingJson | null;
        subgrupo: Subgrupo;
        baixaRenda: boolean;
        /** R22: days of the cycle (day after the previous reading, or the registration date, to the reading date). */
        cycleDays: number | null;
        /** R10 (REN art. 285 I): a Grupo B cycle under 27 days: no minimum, no cap. */
        shortCycle: boolean;
        /** R22–R28: the prices, bandeira, taxes and rounding in force, for the invoice; absent on older events. */
        billing?: BillingFacts;
      };
    }
  | {
      type: 'ExcedenteAllocated';
      data: {
        ucId: string;
        cycle: string;
        readingDate: string;
        surplusBase: SurplusBase;
        excedente: EnergyPartJson[];
        excedenteKwh: string;
        rateio: Rateio | null;
        /** Recorded inputs: P6a demands and the eligibility re-check. */
        inputs: {
          demands?: Record<string, string>;
          ineligible: Record<string, string>;
          facts: UcFacts[];
          permissionarias?: Record<string, string>;
        };
        allocations: ({ ucId: string } & EnergyPartJson)[];
        /** Stays with the generator as its credit (vintage = this reading). */
        retained: EnergyPartJson[];
      };
    }
  | {
      type: 'ExcedenteReceived';
      data: {
        ucId: string;
        sourceUcId: string;
        sourceEventId: string;
        sourceCycle: string;
        allocatedOn: string;
        parts: EnergyPartJson[];
      };
    }
  | { type: 'CreditsExpired'; data: { ucId: string; date: string; lots: CreditLotJson[]; totalKwh: string } }
  | {
      type: 'TitularidadeTransferred';
      data: {
        ucId: string;
        date: string;
        previousTitular: TitularJson;
        newTitular: TitularJson;
        /** R18: credits (and received excedente, as credit) that leave the UC, held for the previous titular. */
        creditsLeaving: CreditLotJson[];
        deadline: string;
      };
    }
  | {
      type: 'ContractClosed';
      data: {
        ucId: string;
        date: string;
        titular: TitularJson;
        /** R19: credits held for the titular (empty when a distribution among members is carried out). */
        creditsLeaving: CreditLotJson[];
        deadline: string;
        /** R19: facts of the due distribution's UCs when it could not be carried out. */
        checked?: UcFacts[];
      };
    }
  | {
      type: 'ClosureDistributionRequested';
      data: { ucId: string; requestedAt: string; shares: { ucId: string; percent: string }[]; checked?: UcFacts[] };
    }
  | {
      type: 'CreditsReallocated';
      data: {
        ucId: string;
        rule: 'R19' | 'R20';
        date: string;
        inputs: Record<string, unknown>;
        outcome: { ucId: string; lots: CreditLotJson[] }[];
      };
    }
  | {
      type: 'HeldCreditsReceived';
      data: { ucId: string; sourceEventId: string; fromStream: string; rule: 'R19' | 'R20'; lots: CreditLotJson[] };
    }
  | {
      /** Migration: the UC's credits and received excedente in the legacy billing system, as recorded inputs. */
      type: 'OpeningBalanceImported';
      data: {
        ucId: string;
        /** The import date (the business date: the platform holds the lots from then on). */
        date: string;
        source: OpeningSourceJson;
        credits: CreditLotJson[];
        received: ReceivedLotJson[];
        totalKwh: string;
      };
    }
  | {
      /**
       * Retificação: a reading found wrong after its bill. History is not edited: this event names the correction,
       * the values it replaces, and the UC's balance the corrected history gives (which replaces the one in force);
       * one CycleRecompensated follows for each cycle whose bill changes.
       */
      type: 'ReadingCorrected';
      data: {
        ucId: string;
        correctionId: string;
        cycle: string;
        /** The corrected reading's own date. */
        readingDate: string;
        /** The correction's business date. */
        date: string;
        reason: string;
        reference: string;
        previous: ReadingPostosJson;
        corrected: ReadingPostosJson;
        /** The cycles re-billed, in order (the corrected one first). */
        recompensated: string[];
        /** The UC's credits and received excedente after the corrected history (R8, R9). */
        credits: CreditLotJson[];
        received: ReceivedLotJson[];
        /** The latest reading's total consumption after the correction (P6a, R20 read it). */
        latestReading: { cycle: string; readingDate: string; consumedKwh: string } | null;
        /** Credits expired in the re-decided cycles, before and after the correction (R9). */
        expiredKwh: { before: string; after: string };
        /** R18, R19: the credits held for a titular that the corrected history changes (absent: none). */
        leaving?: LeavingCorrectedJson[];
        /** R19: a closure's distribution among members that changes (each member's delivery, corrected there). */
        distributed?: DistributionCorrectedJson[];
        /** Decisions of other streams that compared this reading's consumption (none when it changed). */
        readBy: { stream: string; eventId: string; rule: 'R6' | 'R20' }[];
      };
    }
  | {
      /**
       * Retificação, on a generator whose priority rateio compared another UC's corrected consumption (P6a, R6): its
       * allocations are decided again with the corrected demand; the balance the corrected history gives replaces the
       * one in force, and one CycleRecompensated (with the new allocation) follows per cycle that changes. The
       * beneficiaries then get their ExcedenteReceiptCorrected, in the same append.
       */
      type: 'AllocationRedecided';
      data: {
        ucId: string;
        correctionId: string;
        date: string;
        comparedUcId: string;
        readingDate: string;
        /** The compared reading's total consumption before and after the correction (P6a demand). */
        previousKwh: string;
        correctedKwh: string;
        recompensated: string[];
        credits: CreditLotJson[];
        received: ReceivedLotJson[];
        expiredKwh: { before: string; after: string };
        /** R18, R19: the credits held for a titular that the corrected history changes (absent: none). */
        leaving?: LeavingCorrectedJson[];
        /** R19: a closure's distribution among members that changes (each member's delivery, corrected there). */
        distributed?: DistributionCorrectedJson[];
      };
    }
  | {
      /**
       * Retificação, on a beneficiary: a generator's corrected reading changed the excedente it allocated to this UC
       * (R5–R7). Names the generator's correction; the parts received replace those of the delivery, and the UC's
       * balance the corrected history gives replaces the one in force. One CycleRecompensated follows for each of
       * its cycles whose bill changes. Appended with the generator's ReadingCorrected, in one append.
       */
      type: 'ExcedenteReceiptCorrected';
      data: {
        ucId: string;
        correctionId: string;
        sourceUcId: string;
        sourceCycle: string;
        /** The delivery corrected (for a UC that received nothing from that cycle: the correction's own id). */
        sourceEventId: string;
        allocatedOn: string;
        /** For a UC that received nothing from that cycle: the step of its history the delivery is placed before. */
        deliveredAt: number | null;
        /** The correction's business date. */
        date: string;
        previous: EnergyPartJson[];
        corrected: EnergyPartJson[];
        /** corrected − previous, kWh (negative: less received). */
        differenceKwh: string;
        /** The cycles re-billed, in order. */
        recompensated: string[];
        /** The UC's credits and received excedente after the corrected history (R8, R9). */
        credits: CreditLotJson[];
        received: ReceivedLotJson[];
        /** Credits expired in the re-decided cycles, before and after the correction (R9). */
        expiredKwh: { before: string; after: string };
        /** R18, R19: the credits held for a titular that the corrected history changes (absent: none). */
        leaving?: LeavingCorrectedJson[];
        /** R19: a closure's distribution among members that changes (each member's delivery, corrected there). */
        distributed?: DistributionCorrectedJson[];
      };
    }
  | {
      /**
       * Retificação, on a UC that received credits held for a titular (R20): a correction of the UC they left changed
       * the lots the titular's move gave this UC (the titular stream's HeldCreditsCorrected names the move). The lots
       * received replace those of the delivery, and the balance the corrected history gives replaces the one in force.
       * One CycleRecompensated follows for each of its cycles whose bill changes. Appended with the correction.
       */
      type: 'HeldCreditsReceiptCorrected';
      data: {
        ucId: string;
        correctionId: string;
        /** The delivery corrected: `<HeldCreditsReallocated event id>:<ucId>`. */
        sourceEventId: string;
        /** The titular stream that moved the credits, and the UC they left. */
        fromStream: string;
        fromUcId: string;
        /** The correction's business date. */
        date: string;
        /**
         * R20: a move that gave this UC nothing before (a default that now chooses it, a split that gave it 0 Wh): the
         * index in its history where the delivery is placed (where the process manager would have made it). Absent:
         * the delivery was in its history.
         */
        deliveredAt?: number;
        previous: CreditLotJson[];
        corrected: CreditLotJson[];
        /** corrected − previous, kWh (negative: less received). */
        differenceKwh: string;
        /** The cycles re-billed, in order. */
        recompensated: string[];
        /** The UC's credits and received excedente after the corrected history (R8, R9). */
        credits: CreditLotJson[];
        received: ReceivedLotJson[];
        /** Credits expired in the re-decided cycles, before and after the correction (R9). */
        expiredKwh: { before: string; after: string };
        /** R18, R19: the credits held for a titular that the corrected history changes (absent: none). */
        leaving?: LeavingCorrectedJson[];
        /** R19: a closure's distribution among members that changes (each member's delivery, corrected there). */
        distributed?: DistributionCorrectedJson[];
      };
    }
  | {
      /** A cycle re-billed by a correction: this compensation (and allocation) replaces the one in force. */
      type: 'CycleRecompensated';
      data: {
        ucId: string;
        correctionId: string;
        cycle: string;
        /** The correction's business date. */
        date: string;
        compensation: CycleCompensatedData;
        allocation: ExcedenteAllocatedData | null;
        /** Credits expired with the cycle's reading in the corrected history (R9). */
        expiredKwh: string;
      };
    };

/**
 * Retificação (R18, R19): the credits that left the UC at a change of titular or a closure, as the corrected history
 * gives them. `sourceEventId` names the TitularidadeTransferred / ContractClosed whose credits are held for the titular
 * (its CreditsHeldForTitular names it too): the titular stream's HeldCreditsCorrected follows in the same append.
 */
export interface LeavingCorrectedJson {
  sourceEventId: string;
  rule: 'R18' | 'R19';
  /** The titular they are held for (the previous titular, R18; the closing one, R19): its stream's key. */
  titularKey: string;
  /** The date the credits left (the transfer's or the closure's). */
  date: string;
  previous: CreditLotJson[];
  corrected: CreditLotJson[];
}

/**
 * R19 retificação: one member's delivery of a closure's distribution (CreditsReallocated) whose lots a correction
 * changes. The member gets HeldCreditsReceiptCorrected for it, in the same append.
 */
export interface DistributionCorrectedJson {
  /** The CreditsReallocated event. */
  distributionEventId: string;
  /** The delivery: `<distributionEventId>:<ucId>` (the held-credits process manager's id). */
  sourceEventId: string;
  ucId: string;
  /** The closure's date. */
  date: string;
  previous: CreditLotJson[];
  corrected: CreditLotJson[];
  differenceKwh: string;
}

/** A reading's values per posto, as ReadingRecorded carries them. */
export type ReadingPostosJson = Partial<Record<Posto, { consumed: string; injected: string }>>;

/** The data of a CycleCompensated. */
export type CycleCompensatedData = Extract<UcEvent, { type: 'CycleCompensated' }>['data'];

/** The data of an ExcedenteAllocated. */
export type ExcedenteAllocatedData = Extract<UcEvent, { type: 'ExcedenteAllocated' }>['data'];

/** Type names of the UC stream's events. */
export type UcEventType = UcEvent['type'];
