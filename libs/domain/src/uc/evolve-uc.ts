import { withCohort } from '../values/scce-cohort';
import { parseKw } from '../classification/generation';
import type { CreditLot } from '../compensation/lots';
import { expiryOf, lotKey } from '../compensation/lots';
import { creditFromJson, receivedFromJson, type CreditLotJson } from '../compensation/lot-json';
import { openingDelivery } from '../opening/import-opening-balance';
import type { BusinessDate } from '../values/business-date';
import { Kwh } from '../values/kwh';
import type { UcEvent } from './uc-events';
import { demandCorrectionKey, heldReceiptCorrectionKey, receiptCorrectionKey } from './receipt-correction-key';
import type { UcState } from './uc-state';

/** Adds credit lots, merging lots of the same vintage, posto, class and source. */
export function addCredits(credits: readonly CreditLot[], added: readonly CreditLot[]): CreditLot[] {
  // Nothing added to zero or one lot: nothing to merge (no key to make).
  if (credits.length <= 1 && added.every((a) => a.kwh.isZero())) return [...credits];
  const byKey = new Map(credits.map((c) => [lotKey(c), c]));
  for (const a of added) {
    if (a.kwh.isZero()) continue;
    const k = lotKey(a);
    const prev = byKey.get(k);
    byKey.set(k, prev ? { ...prev, kwh: prev.kwh.plus(a.kwh) } : a);
  }
  return [...byKey.values()];
}

/** Removes kWh from credit lots by key; lots that reach zero disappear. */
function useCredits(credits: readonly CreditLot[], used: ReadonlyMap<string, Kwh>): CreditLot[] {
  if (used.size === 0) return credits.filter((c) => !c.kwh.isZero()); // nothing used: no key to make
  return credits
    .map((c) => {
      const u = used.get(lotKey(c));
      return u ? { ...c, kwh: c.kwh.minus(u) } : c;
    })
    .filter((c) => !c.kwh.isZero());
}

/** The UC's evolve: state + event → state. Pure; the same events always give the same state. */
export function evolveUc(state: UcState, event: UcEvent): UcState {
  switch (event.type) {
    case 'UcRegistered': {
      const d = event.data;
      return {
        ...state,
        status: 'active',
        ucId: d.ucId,
        distribuidora: d.distribuidora,
        titular: d.titular,
        group: d.group,
        connection: d.connection,
        postos: d.postos,
        billedAsGroupB: d.billedAsGroupB,
        subgrupo: d.subgrupo,
        baixaRenda: d.baixaRenda,
        registeredAt: d.registeredAt as BusinessDate,
      };
    }
    case 'GenerationRegistered': {
      const d = event.data;
      return {
        ...state,
        generation: {
          source: d.source,
          dispatchable: d.dispatchable,
          modalidade: d.modalidade,
          surplusBase: d.surplusBase,
          connectedAt: d.connectedAt as BusinessDate,
          tranches: [{ watts: parseKw(d.installedKw), requestedAt: d.requestedAt }],
        },
      };
    }
    case 'CapacityAdded': {
      const g = state.generation!;
      return {
        ...state,
        generation: {
          ...g,
          tranches: [...g.tranches, { watts: parseKw(event.data.addedKw), requestedAt: event.data.requestedAt }],
        },
      };
    }
    case 'MembersRegistered':
      return { ...state, members: event.data.members };
    case 'RateioChanged': {
      const requestedAt = event.data.requestedAt as BusinessDate;
      // R7 + R12: a request dated on or before the latest reading (processed late) belongs to a cycle already closed,
      // so it is in force from the next reading, unless the rateio in force was requested later (the latest wins).
      if (state.lastReading && requestedAt <= state.lastReading.readingDate) {
        if (state.rateioRequestedAt && requestedAt < state.rateioRequestedAt) return state;
        return { ...state, rateio: event.data.rateio, rateioRequestedAt: requestedAt };
      }
      return { ...state, pendingRateios: [...state.pendingRateios, { requestedAt, rateio: event.data.rateio }] };
    }
    case 'ReadingRecorded': {
      const d = event.data;
      const date = d.readingDate as BusinessDate;
      // R7: rateios requested on or before this reading take effect from the next cycle; the latest request wins.
      const pending = state.pendingRateios;
      const due = pending.length === 0 ? pending : pending.filter((p) => p.requestedAt <= date);
      const rest = pending.length === 0 ? pending : pending.filter((p) => p.requestedAt > date);
      let consumedWh = 0n;
      for (const p of Object.values(d.postos)) consumedWh += Kwh.parse(p!.consumed).wh;
      const consumed = Kwh.ofWh(consumedWh);
      const inForce = due.length > 0 ? latest(due) : null;
      return {
        ...state,
        rateio: inForce ? inForce.rateio : state.rateio,
        rateioRequestedAt: inForce ? inForce.requestedAt : state.rateioRequestedAt,
        pendingRateios: rest,
        lastReading: { cycle: d.cycle, readingDate: date, consumed },
      };
    }
    case 'CycleCompensated': {
      const d = event.data;
      const used = new Map(d.creditsUsed.map((c) => [lotKey(c), Kwh.parse(c.kwh)]));
      const settled = new Set(d.receivedUsed.map((r) => r.lotId));
      return {
        ...state,
        credits: addCredits(useCredits(state.credits, used), d.receivedToCredit.map(creditFromJson)),
        // Nothing received to settle (most readings of a generator): the same list.
        received: state.received.length === 0 ? state.received : state.received.filter((r) => !settled.has(r.id)),
      };
    }
    case 'ExcedenteAllocated': {
      const d = event.data;
      // P3 `injected`: the retained share was offered to this same cycle; CycleCompensated turned its rest into credit.
      if (d.surplusBase === 'injected') return state;
      const vintage = d.readingDate as BusinessDate;
      const retained = d.retained.map((p) =>
        withCohort(
          {
            vintage,
            posto: p.posto,
            gdClass: p.gdClass,
            kwh: Kwh.parse(p.kwh),
            expiresOn: expiryOf(vintage),
            sourceUcId: d.ucId,
          },
          p.cohort,
        ),
      );
      return { ...state, credits: addCredits(state.credits, retained) };
    }
    case 'ExcedenteReceived': {
      const d = event.data;
      const lots = d.parts.map((p, i) =>
        withCohort(
          {
            id: `${d.sourceEventId}:${i}`,
            sourceUcId: d.sourceUcId,
            posto: p.posto,
            gdClass: p.gdClass,
            kwh: Kwh.parse(p.kwh),
            allocatedOn: d.allocatedOn as BusinessDate,
            sourceCycle: d.sourceCycle,
          },
          p.cohort,
        ),
      );
      return { ...state, received: [...state.received, ...lots], deliveries: [...state.deliveries, d.sourceEventId] };
    }
    case 'CreditsExpired':
      return expireLots(state, event.data.lots);
    case 'TitularidadeTransferred':
      // R18: credits leave with the previous titular; the rateio is suspended until the new titular sets one.
      return {
        ...state,
        titular: event.data.newTitular,
        credits: [],
        received: [],
        rateio: null,
        rateioRequestedAt: null,
        pendingRateios: [],
      };
    case 'ContractClosed':
      return { ...state, status: 'closed', credits: [], received: [] };
    case 'ClosureDistributionRequested':
      return {
        ...state,
        closureRequests: [
          ...state.closureRequests,
          { requestedAt: event.data.requestedAt as BusinessDate, shares: event.data.shares },
        ],
      };
    case 'CreditsReallocated':
      // R19 at this UC: the credits went to the members named in the outcome.
      return { ...state, credits: [], received: [] };
    case 'HeldCreditsReceived':
      return {
        ...state,
        credits: addCredits(state.credits, event.data.lots.map(creditFromJson)),
        deliveries: [...state.deliveries, event.data.sourceEventId],
      };
    case 'OpeningBalanceImported':
      // Migration: the legacy system's lots become the UC's own, as if the platform had recorded them.
      return {
        ...state,
        credits: addCredits(state.credits, event.data.credits.map(creditFromJson)),
        received: [...state.received, ...event.data.received.map(receivedFromJson)],
        deliveries: [...state.deliveries, openingDelivery(event.data.source.sha256)],
      };
    case 'ReadingCorrected': {
      // Retificação: the balance the corrected history gives replaces the one in force (R8, R9).
      const d = event.data;
      const latest = d.latestReading;
      return {
        ...state,
        credits: d.credits.map(creditFromJson),
        received: d.received.map(receivedFromJson),
        lastReading:
          state.lastReading && latest && latest.cycle === state.lastReading.cycle
            ? { ...state.lastReading, consumed: Kwh.parse(latest.consumedKwh) }
            : state.lastReading,
        corrections: [...state.corrections, d.correctionId],
      };
    }
    case 'ExcedenteReceiptCorrected': {
      // A generator's retificação reached this UC: the balance its corrected history gives replaces the one in force.
      const d = event.data;
      return {
        ...state,
        credits: d.credits.map(creditFromJson),
        received: d.received.map(receivedFromJson),
        deliveries: state.deliveries.includes(d.sourceEventId)
          ? state.deliveries
          : [...state.deliveries, d.sourceEventId],
        corrections: [...state.corrections, receiptCorrectionKey(d.correctionId, d.sourceUcId, d.sourceCycle)],
      };
    }
    case 'HeldCreditsReceiptCorrected': {
      // R20 retificação: the credits a titular's move gave this UC changed; the corrected history's balance replaces it.
      const d = event.data;
      return {
        ...state,
        credits: d.credits.map(creditFromJson),
        received: d.received.map(receivedFromJson),
        corrections: [...state.corrections, heldReceiptCorrectionKey(d.correctionId, d.sourceEventId)],
      };
    }
    case 'AllocationRedecided': {
      // P6a: the balance the generator's corrected history gives replaces the one in force.
      const d = event.data;
      return {
        ...state,
        credits: d.credits.map(creditFromJson),
        received: d.received.map(receivedFromJson),
        corrections: [...state.corrections, demandCorrectionKey(d.correctionId, d.comparedUcId)],
      };
    }
    case 'CycleRecompensated':
      // The bill of a cycle re-decided: its effect on the balance is in the ReadingCorrected before it.
      return state;
  }
}

/**
 * R9: expired lots leave the balance. Before a closure or a change of titular (R18, R19) an expired lot may also
 * hold received excedente not yet used, counted as credit with vintage = its allocating reading ("Received
 * excedente not yet used"), and merged with a credit of the same key: take the credit first, then those lots (Q3).
 */
function expireLots(state: UcState, lots: readonly CreditLotJson[]): UcState {
  let credits = [...state.credits];
  let received = [...state.received];
  for (const lot of lots) {
    const key = lotKey(lot);
    let left = Kwh.parse(lot.kwh).wh;
    const take = (available: Kwh): Kwh => {
      const t = available.wh < left ? available.wh : left;
      left -= t;
      return available.minus(Kwh.ofWh(t));
    };
    credits = credits.map((c) => (left > 0n && lotKey(c) === key ? { ...c, kwh: take(c.kwh) } : c));
    received = received.map((r) =>
      left > 0n &&
      lotKey({
        vintage: r.allocatedOn,
        posto: r.posto,
        gdClass: r.gdClass,
        sourceUcId: r.sourceUcId,
        cohort: r.cohort,
      }) === key
        ? { ...r, kwh: take(r.kwh) }
        : r,
    );
  }
  return {
    ...state,
    credits: credits.filter((c) => !c.kwh.isZero()),
    received: received.filter((r) => !r.kwh.isZero()),
  };
}

function latest<T extends { requestedAt: BusinessDate }>(items: readonly T[]): T {
  return items.reduce((a, b) => (b.requestedAt >= a.requestedAt ? b : a));
}
