import {
  addDays,
  openingLotInputOf,
  pricingFromJson,
  type PermissionariaMap,
  type DistribuidoraCommand,
  type TariffEvent,
  type TitularCommand,
  type TitularEvent,
  type TitularHistoryStep,
  type TitularState,
  type CorrectionHistoryStep,
  type UcCommand,
  type UcEvent,
  type UcFacts,
  type UcState,
} from '@compensa/domain';

/** The command rebuilt from a group's recorded events, with what the recorded inputs could not supply. */
export type RebuiltCommand =
  | { decider: 'uc'; command: UcCommand; missing: string | null }
  | {
      decider: 'titular';
      command: TitularCommand;
      missing: string | null;
      /** Paths of the decided data an older event shape does not record (compared only where recorded). */
      absentInRecord?: string[];
    }
  | { decider: 'tariff'; command: DistribuidoraCommand; missing: null }
  /** R23, R26: a national publication (see replay-national). */
  | { decider: 'national'; missing: null }
  | { decider: 'none'; missing: string };

type Of<E extends { type: string; data: unknown }, T extends E['type']> =
  Extract<E, { type: T }> extends { data: infer D } ? D : never;

const byUcId = (facts: readonly (UcFacts | null | undefined)[]): Record<string, UcFacts> =>
  Object.fromEntries(facts.filter((f): f is UcFacts => !!f && typeof f.ucId === 'string').map((f) => [f.ucId, f]));

/** The group's main event: the first one that is not an expiry run first ("Time"), else the expiry itself. */
function mainOf<E extends { type: string }>(events: readonly E[]): E {
  return events.find((e) => e.type !== 'CreditsExpired' && e.type !== 'HeldCreditsExpired') ?? events[0];
}

/**
 * Rebuilds the UC command that appended these events, from them and the inputs they record. A correction re-decides
 * the stream's history: `history` gives it, as the steps before these events.
 */
export function rebuildUcCommand(
  events: readonly UcEvent[],
  state: UcState,
  permissionarias: PermissionariaMap,
  history?: () => CorrectionHistoryStep[],
  /** R18, R19: the ids of the stream's TitularidadeTransferred / ContractClosed events before these (a correction). */
  leavingIds?: () => string[],
): RebuiltCommand {
  const main = mainOf(events);
  const leaving = () => (leavingIds ? { leavingEventIds: leavingIds() } : {});
  const find = <T extends UcEvent['type']>(type: T) =>
    events.find((e) => e.type === type)?.data as Of<UcEvent, T> | undefined;
  switch (main.type) {
    case 'UcRegistered': {
      const d = main.data;
      const data = { ...d, titular: { document: d.titular.document, name: d.titular.name } };
      return { decider: 'uc', command: { type: 'RegisterUc', data }, missing: null };
    }
    case 'GenerationRegistered': {
      const { installedKw, source, dispatchable, modalidade, requestedAt, connectedAt, surplusBase } = main.data;
      return {
        decider: 'uc',
        command: {
          type: 'RegisterGeneration',
          data: { installedKw, source, dispatchable, modalidade, requestedAt, connectedAt, surplusBase },
        },
        missing: null,
      };
    }
    case 'CapacityAdded':
      return {
        decider: 'uc',
        command: { type: 'AddCapacity', data: { addedKw: main.data.addedKw, requestedAt: main.data.requestedAt } },
        missing: null,
      };
    case 'MembersRegistered': {
      const { members, legalInstrument, date } = main.data;
      return {
        decider: 'uc',
        command: { type: 'RegisterMembers', data: { members, legalInstrument, date } },
        missing: null,
      };
    }
    case 'RateioChanged': {
      const d = main.data;
      return {
        decider: 'uc',
        command: {
          type: 'ChangeRateio',
          data: { requestedAt: d.requestedAt, ...d.rateio },
          context: { facts: byUcId(d.checked), permissionarias: d.permissionarias ?? permissionarias },
        },
        missing: null,
      };
    }
    case 'ReadingRecorded': {
      const d = main.data;
      const compensated = find('CycleCompensated');
      if (!compensated)
        return {
          decider: 'none',
          missing: 'ReadingRecorded without its CycleCompensated: the TE and P12 it used are not recorded',
        };
      const allocated = events
        .filter((e) => e.type === 'ExcedenteAllocated')
        .flatMap((e) => (e.data as Of<UcEvent, 'ExcedenteAllocated'>).inputs.facts);
      // The TE recorded by the decision; its validFrom is not recorded and does not enter the computation.
      const tariff = compensated.te
        ? { distribuidora: state.distribuidora, validFrom: d.readingDate as never, te: compensated.te }
        : null;
      return {
        decider: 'uc',
        command: {
          type: 'RecordReading',
          data: {
            cycle: d.cycle,
            readingDate: d.readingDate,
            postos: d.postos as Record<string, { consumed: string; injected: string }>,
          },
          // R10: the P10 mode and the T and f the decision recorded (v1 events are upcast as `greater-of`).
          context: {
            tariff,
            p12: compensated.p12,
            p10: compensated.p10,
            pricing: compensated.pricing ? pricingFromJson(compensated.pricing) : null,
            // R22–R28: the money facts are recorded inputs; checkTariffInput re-derives them from the streams.
            ...(compensated.billing ? { billing: compensated.billing } : {}),
            facts: byUcId(allocated),
            permissionarias,
          },
        },
        missing: null,
      };
    }
    case 'ExcedenteReceived': {
      const { sourceUcId, sourceEventId, sourceCycle, allocatedOn, parts } = main.data;
      return {
        decider: 'uc',
        command: { type: 'ReceiveExcedente', data: { sourceUcId, sourceEventId, sourceCycle, allocatedOn, parts } },
        missing: null,
      };
    }
    case 'HeldCreditsReceived': {
      const { sourceEventId, fromStream, rule, lots } = main.data;
      return {
        decider: 'uc',
        command: { type: 'ReceiveHeldCredits', data: { sourceEventId, fromStream, rule, lots } },
        missing: null,
      };
    }
    case 'CreditsExpired':
      // A lone expiry: the daily sweep (R9), everything due up to and including its date.
      return { decider: 'uc', command: { type: 'ExpireCredits', data: { date: main.data.date } }, missing: null };
    case 'TitularidadeTransferred': {
      const { newTitular, date } = main.data;
      return {
        decider: 'uc',
        command: {
          type: 'TransferTitularidade',
          data: { newTitular: { document: newTitular.document, name: newTitular.name }, date },
        },
        missing: null,
      };
    }
    case 'ContractClosed': {
      const { date, checked } = main.data;
      const moved = find('CreditsReallocated');
      const recorded = moved ? ((moved.inputs as { facts?: UcFacts[] }).facts ?? []) : (checked ?? []);
      // R19: a distribution due but not carried out records the facts it compared (`checked`); older events did not.
      const cutoff = addDays(date as never, -30);
      const due =
        state.closureRequests.some((r) => r.requestedAt <= cutoff) && state.credits.length + state.received.length > 0;
      const missing =
        !moved && due && checked === undefined
          ? 'ContractClosed does not record the facts (status) of the R19 distribution UCs it found inactive: the "held" outcome is re-derived assuming none was active'
          : null;
      return {
        decider: 'uc',
        command: { type: 'CloseContract', data: { date }, context: { facts: byUcId(recorded) } },
        missing,
      };
    }
    case 'ClosureDistributionRequested': {
      const { requestedAt, shares, checked } = main.data;
      if (checked) {
        return {
          decider: 'uc',
          command: {
            type: 'RequestClosureDistribution',
            data: { requestedAt, shares },
            context: { facts: byUcId(checked) },
          },
          missing: null,
        };
      }
      // Older events did not record the facts (status, distribuidora) of the share UCs; assumed active here.
      const facts = Object.fromEntries(
        shares.map((s) => [
          s.ucId,
          {
            ucId: s.ucId,
            distribuidora: state.distribuidora,
            titularKey: '',
            status: 'active' as const,
            billedAsGroupB: false,
            registeredAt: '',
            latestConsumption: null,
          },
        ]),
      );
      return {
        decider: 'uc',
        command: { type: 'RequestClosureDistribution', data: { requestedAt, shares }, context: { facts } },
        missing:
          'ClosureDistributionRequested does not record the facts (status, distribuidora) of the share UCs: re-derived assuming each was active in the distribuidora',
      };
    }
    case 'OpeningBalanceImported': {
      // Migration: the lots as the file gave them (the decision only checks them: R9, R12, Q3).
      const { date, source, credits, received } = main.data;
      return {
        decider: 'uc',
        command: {
          type: 'ImportOpeningBalance',
          data: {
            date,
            source,
            credits: credits.map(openingLotInputOf),
            received: received.map((r) => openingLotInputOf({ ...r, vintage: r.allocatedOn })),
          },
        },
        missing: null,
      };
    }
    case 'ReadingCorrected': {
      const steps = correctionSteps(history);
      if (!Array.isArray(steps)) return steps;
      const d = main.data;
      return {
        decider: 'uc',
        command: {
          type: 'CorrectReading',
          data: {
            correctionId: d.correctionId,
            cycle: d.cycle,
            date: d.date,
            postos: d.corrected as Record<string, { consumed: string; injected: string }>,
            reason: d.reason,
            reference: d.reference,
          },
          context: {
            history: steps,
            readBy: d.readBy,
            ...leaving(),
            // R5–R7, R13: the facts the corrected reading's allocation recorded (gathered for it when its first
            // decision had allocated nothing).
            facts: byUcId(
              events.flatMap((e) =>
                e.type === 'CycleRecompensated' && e.data.cycle === d.cycle
                  ? (e.data.allocation?.inputs.facts ?? [])
                  : [],
              ),
            ),
          },
        },
        missing: null,
      };
    }
    case 'ExcedenteReceiptCorrected': {
      // Decided with the generator's correction (appended with it): re-decided from this UC's history before it.
      const steps = correctionSteps(history);
      if (!Array.isArray(steps)) return steps;
      const d = main.data;
      return {
        decider: 'uc',
        command: {
          type: 'CorrectReceipt',
          data: {
            correctionId: d.correctionId,
            sourceUcId: d.sourceUcId,
            sourceCycle: d.sourceCycle,
            sourceEventId: d.sourceEventId,
            allocatedOn: d.allocatedOn,
            date: d.date,
            parts: d.corrected,
            deliveredAt: d.deliveredAt,
          },
          context: { history: steps, ...leaving() },
        },
        missing: null,
      };
    }
    case 'HeldCreditsReceiptCorrected': {
      // R20 (a 30-day move's delivery) or R19 (a closure distribution's): decided with the correction of the UC the
      // credits left (appended with it): re-decided from this UC's history before it.
      const steps = correctionSteps(history);
      if (!Array.isArray(steps)) return steps;
      const d = main.data;
      return {
        decider: 'uc',
        command: {
          type: 'CorrectHeldReceipt',
          data: {
            correctionId: d.correctionId,
            sourceEventId: d.sourceEventId,
            fromStream: d.fromStream,
            fromUcId: d.fromUcId,
            date: d.date,
            lots: d.corrected,
            // R20: a delivery placed for a UC the move gave nothing (where the process manager would have made it).
            ...(d.deliveredAt !== undefined ? { deliveredAt: d.deliveredAt } : {}),
          },
          context: { history: steps, ...leaving() },
        },
        missing: null,
      };
    }
    case 'AllocationRedecided': {
      // P6a: decided with the correction of the compared UC's reading: re-decided from this stream's history.
      const steps = correctionSteps(history);
      if (!Array.isArray(steps)) return steps;
      const d = main.data;
      return {
        decider: 'uc',
        command: {
          type: 'RedecideAllocation',
          data: {
            correctionId: d.correctionId,
            date: d.date,
            comparedUcId: d.comparedUcId,
            readingDate: d.readingDate,
            consumedKwh: d.correctedKwh,
          },
          context: { history: steps, ...leaving() },
        },
        missing: null,
      };
    }
    // Events appended only beside another (their group's main event rebuilds the command).
    case 'CycleRecompensated':
    case 'CycleCompensated':
    case 'ExcedenteAllocated':
    case 'CreditsReallocated':
      return { decider: 'none', missing: `no command of the UC decider appends ${main.type} alone` };
    default:
      return unrebuilt(main, 'no command of the UC decider appends');
  }
}

/** A correction is re-decided from the UC's history before it: that history, or why the audit cannot have it. */
function correctionSteps(
  history: (() => CorrectionHistoryStep[]) | undefined,
): CorrectionHistoryStep[] | RebuiltCommand {
  if (!history) return { decider: 'none', missing: 'a correction is re-decided from the history before it' };
  try {
    return history();
  } catch (err) {
    return { decider: 'none', missing: (err as Error).message };
  }
}

/**
 * Exhaustiveness: an event type of the union with no case above does not compile. A stored type the union does not
 * know (a newer writer) is reported as not rebuilt.
 */
function unrebuilt(event: never, says = 'no command appends'): RebuiltCommand {
  return { decider: 'none', missing: `${says} ${(event as { type: string }).type} alone` };
}

/** Rebuilds the titular-stream command that appended these events. */
export function rebuildTitularCommand(
  events: readonly TitularEvent[],
  state: TitularState,
  history?: () => TitularHistoryStep[],
  /** R20: the ids of the stream's HeldCreditsReallocated events before these (a held-credits correction). */
  moveIds?: () => string[],
): RebuiltCommand {
  const main = mainOf(events);
  switch (main.type) {
    case 'ReallocationDefaultRedecided': {
      // R20: decided with the correction of the compared UC's reading: re-decided from this stream's history.
      const steps = historyBefore(history);
      if ('missing' in steps) return steps;
      const d = main.data;
      return {
        decider: 'titular',
        command: {
          type: 'RedecideDefault',
          data: {
            correctionId: d.correctionId,
            date: d.date,
            comparedUcId: d.comparedUcId,
            readingDate: d.readingDate,
            consumedKwh: d.correctedKwh,
          },
          context: { history: steps.steps, ...(moveIds ? { moveEventIds: moveIds() } : {}) },
        },
        missing: null,
      };
    }
    case 'HeldCreditsCorrected': {
      // Decided with the UC's correction (appended with it): re-decided from this titular stream's history before it.
      const steps = historyBefore(history);
      if ('missing' in steps) return steps;
      const d = main.data;
      return {
        decider: 'titular',
        command: {
          type: 'CorrectHeldCredits',
          data: {
            correctionId: d.correctionId,
            sourceEventId: d.sourceEventId,
            fromUcId: d.fromUcId,
            rule: d.rule,
            date: d.date,
            lots: d.corrected,
          },
          context: { history: steps.steps, ...(moveIds ? { moveEventIds: moveIds() } : {}) },
        },
        missing: null,
      };
    }
    case 'CreditsHeldForTitular':
      return { decider: 'titular', command: { type: 'HoldCredits', data: { ...main.data } }, missing: null };
    case 'ReallocationIndicated': {
      const d = main.data;
      const moved = events.find((e) => e.type === 'HeldCreditsReallocated')?.data as
        Of<TitularEvent, 'HeldCreditsReallocated'> | undefined;
      const facts = byUcId(((moved?.inputs as { facts?: UcFacts[] } | undefined)?.facts ?? []) as UcFacts[]);
      // The indicating document is not recorded, only its key; the held titular's document has the same key.
      const document = state.titular?.document ?? d.titularKey;
      return {
        decider: 'titular',
        command: {
          type: 'IndicateReallocation',
          data: { document, sourceUcId: d.fromUcId, date: d.date, shares: d.shares },
          context: { facts },
        },
        missing: null,
      };
    }
    case 'HeldCreditsReallocated': {
      const d = main.data;
      if (d.reason === 'new-uc') {
        const newUc = (d.inputs as { newUc: UcFacts }).newUc;
        return {
          decider: 'titular',
          command: { type: 'PickUpHeldCredits', data: { ucId: newUc.ucId, date: d.date }, context: { facts: newUc } },
          missing: null,
        };
      }
      if (d.reason === 'default') {
        const given = (d.inputs as { facts?: UcFacts[] }).facts;
        if (Array.isArray(given)) {
          return {
            decider: 'titular',
            command: {
              type: 'ApplyReallocationDefault',
              data: { fromUcId: d.fromUcId, date: d.date },
              context: { candidates: given },
            },
            missing: null,
          };
        }
        // Older shape: only the candidates that passed the filter, with their P6a consumption, not every UC's facts.
        const recorded = ((d.inputs as { candidates?: { ucId: string; consumptionKwh: string }[] }).candidates ??
          []) as { ucId: string; consumptionKwh: string }[];
        const candidates: UcFacts[] = recorded.map((c) => ({
          ucId: c.ucId,
          distribuidora: state.distribuidora,
          titularKey: state.key,
          status: 'active',
          billedAsGroupB: false,
          registeredAt: '',
          latestConsumption: { readingDate: d.date, kwh: c.consumptionKwh },
        }));
        return {
          decider: 'titular',
          command: {
            type: 'ApplyReallocationDefault',
            data: { fromUcId: d.fromUcId, date: d.date },
            context: { candidates },
          },
          absentInRecord: ['$.inputs.facts'],
          missing:
            'the R20 default records only the candidates it kept ({ucId, consumptionKwh}), not the facts of every UC it compared (status, titular key, distribuidora, reading date): the outcome is re-derived from the recorded candidates, their selection is not',
        };
      }
      return { decider: 'none', missing: 'an R20 indication without its ReallocationIndicated' };
    }
    case 'HeldCreditsKept': {
      const d = main.data;
      return {
        decider: 'titular',
        command: {
          type: 'ApplyReallocationDefault',
          data: { fromUcId: d.fromUcId, date: d.date },
          context: { candidates: d.inputs.candidates },
        },
        missing: null,
      };
    }
    case 'OpeningHeldCreditsImported': {
      const d = main.data;
      return {
        decider: 'titular',
        command: {
          type: 'ImportOpeningHeldCredits',
          data: {
            distribuidora: d.distribuidora,
            titular: { document: d.titular.document, name: d.titular.name },
            fromUcId: d.fromUcId,
            rule: d.rule,
            leftOn: d.leftOn,
            status: d.status,
            defaultedOn: d.defaultedOn,
            date: d.date,
            source: d.source,
            lots: d.lots.map(openingLotInputOf),
          },
        },
        missing: null,
      };
    }
    case 'HeldCreditsExpired':
      return {
        decider: 'titular',
        command: { type: 'ExpireHeldCredits', data: { date: main.data.date } },
        missing: null,
      };
    default:
      return unrebuilt(main);
  }
}

/** Rebuilds PublishTariff from TariffPublished, SetDistribuidoraPolicy from DistribuidoraPolicySet. */
export function rebuildTariffCommand(events: readonly TariffEvent[]): RebuiltCommand {
  const e = events[0];
  switch (e.type) {
    case 'TariffPublished':
      return { decider: 'tariff', command: { type: 'PublishTariff', data: { ...e.data } }, missing: null };
    case 'DistribuidoraPolicySet':
      return { decider: 'tariff', command: { type: 'SetDistribuidoraPolicy', data: { ...e.data } }, missing: null };
  }
}

/** A titular correction is re-decided from the stream's history before it; without it (or unreadable) it is not checked. */
function historyBefore(
  history: (() => TitularHistoryStep[]) | undefined,
): { steps: TitularHistoryStep[] } | { decider: 'none'; missing: string } {
  if (!history) return { decider: 'none', missing: 'a correction is re-decided from the history before it' };
  try {
    return { steps: history() };
  } catch (err) {
    return { decider: 'none', missing: (err as Error).message };
  }
}
