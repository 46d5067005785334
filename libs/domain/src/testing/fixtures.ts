import type { TeTable } from '../tariff/te-table';
import type { BusinessDate } from '../values/business-date';
import type { UcFacts } from '../eligibility/uc-facts';
import type { P12Mode, UcCommand } from '../uc/uc-commands';
import type { UcEvent } from '../uc/uc-events';
import type { P10Mode } from '../compensation/grupo-b-limit';
import type { CyclePricing } from '../money/cycle-pricing';

/** Valid documents for tests (check digits verified). */
export const CPF_ANA = '52998224725';
export const CPF_BRUNO = '11144477735';
export const CNPJ_MATRIZ = '11222333000181';
export const CNPJ_FILIAL = '11222333000262';
export const CNPJ_OUTRA = '45723174000110';

const keyOf = (doc: string) => (doc.length === 11 ? doc : doc.slice(0, 8));

/** An UcRegistered event with sensible defaults (Grupo B trifásico, posto único, distribuidora "copel"). */
export function ucRegistered(
  over: Partial<Extract<UcEvent, { type: 'UcRegistered' }>['data']> & { ucId: string; document?: string },
): UcEvent {
  const document = over.document ?? CPF_ANA;
  return {
    type: 'UcRegistered',
    data: {
      ucId: over.ucId,
      distribuidora: over.distribuidora ?? 'copel',
      titular: over.titular ?? {
        document,
        kind: document.length === 11 ? 'CPF' : 'CNPJ',
        name: 'Titular',
        key: keyOf(document),
      },
      group: over.group ?? 'B',
      connection: over.connection === undefined ? 'trifasico' : over.connection,
      postos: over.postos ?? ['unico'],
      billedAsGroupB: over.billedAsGroupB ?? false,
      registeredAt: over.registeredAt ?? '2024-01-01',
      subgrupo: over.subgrupo ?? (over.group === 'A' ? 'A4' : 'B1'),
      baixaRenda: over.baixaRenda ?? false,
    },
  };
}

/** A GenerationRegistered event (default: 10 kW solar, GD II, autoconsumo remoto). */
export function generationRegistered(
  over: Partial<Extract<UcEvent, { type: 'GenerationRegistered' }>['data']> & { ucId: string },
): UcEvent {
  const requestedAt = over.requestedAt ?? '2024-01-10';
  return {
    type: 'GenerationRegistered',
    data: {
      ucId: over.ucId,
      installedKw: over.installedKw ?? '10.000',
      source: over.source ?? 'solar',
      dispatchable: over.dispatchable ?? false,
      modalidade: over.modalidade ?? 'autoconsumo_remoto',
      requestedAt,
      connectedAt: over.connectedAt ?? requestedAt,
      surplusBase: over.surplusBase ?? 'net',
      gdClass: over.gdClass ?? (requestedAt <= '2023-01-07' ? 'GD_I' : 'GD_II'),
      size: over.size ?? 'micro',
    },
  };
}

/** Facts of another UC as a handler would gather them. */
export function facts(ucId: string, over: Partial<UcFacts> = {}): UcFacts {
  return {
    ucId,
    distribuidora: 'copel',
    titularKey: keyOf(CPF_ANA),
    status: 'active',
    billedAsGroupB: false,
    registeredAt: '2024-01-01',
    latestConsumption: null,
    ...over,
  };
}

export function factsMap(...list: UcFacts[]): Record<string, UcFacts> {
  return Object.fromEntries(list.map((f) => [f.ucId, f]));
}

/** A TE table (default: fora_ponta 0.30, ponta 0.45, as RULES.md's R2 example). */
export function te(
  values: Record<string, string> = { fora_ponta: '0.30', ponta: '0.45' },
  validFrom = '2020-01-01',
): TeTable {
  return { distribuidora: 'copel', validFrom: validFrom as BusinessDate, te: values };
}

/** A RecordReading command for a single-posto UC: `reading('2026-05', '2026-05-20', {consumed, injected})`. */
export function reading(
  cycle: string,
  readingDate: string,
  postos: Record<string, { consumed: string; injected: string }> | { consumed: string; injected: string },
  context: {
    tariff?: TeTable | null;
    facts?: Record<string, UcFacts>;
    p12?: P12Mode;
    p10?: P10Mode;
    pricing?: CyclePricing | null;
  } = {},
): UcCommand {
  const byPosto = 'consumed' in postos ? { unico: postos as { consumed: string; injected: string } } : postos;
  return {
    type: 'RecordReading',
    data: { cycle, readingDate, postos: byPosto as Record<string, { consumed: string; injected: string }> },
    // P10: `greater-of` unless a test says otherwise (it needs no R$; the R10 specifications pass `cap` and pricing).
    context: {
      tariff: context.tariff ?? null,
      facts: context.facts ?? {},
      p12: context.p12 ?? 'open-cycle',
      p10: context.p10 ?? 'greater-of',
      pricing: context.pricing ?? null,
    },
  };
}
