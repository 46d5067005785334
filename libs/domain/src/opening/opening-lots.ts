import { creditToJson, type CreditLotJson } from '../compensation/lot-json';
import { expiryOf, lotKey, type CreditLot } from '../compensation/lots';
import { InvalidInput, RuleViolation } from '../shared/errors';
import { parseBusinessDate, type BusinessDate } from '../values/business-date';
import { GD_CLASSES, type GdClass } from '../values/gd-class';
import { Kwh } from '../values/kwh';
import { parsePosto } from '../values/posto';
import { parseUcId } from '../values/uc-id';

/** Where an opening balance came from: the legacy system's file, its line and the file's SHA-256. */
export interface OpeningSourceJson {
  file: string;
  line: number;
  sha256: string;
}

/** A lot of an opening balance as the migration file gives it (kWh as a decimal string, Q1). */
export interface OpeningLotInput {
  /** Credit: its vintage (R8, R9). Received excedente: the generator's reading that allocated it. */
  vintage: string;
  posto: string;
  gdClass: string;
  kwh: string;
  /** The UC whose injection produced the energy (R17). */
  sourceUcId: string;
}

/** Validates the source of an opening balance. */
export function parseOpeningSource(s: OpeningSourceJson | undefined): OpeningSourceJson {
  if (!s || typeof s !== 'object')
    throw new InvalidInput('source', 'o nome do arquivo, a linha e o SHA-256 são obrigatórios');
  if (typeof s.file !== 'string' || s.file.trim() === '')
    throw new InvalidInput('source.file', 'o nome do arquivo é obrigatório');
  if (!Number.isInteger(s.line) || s.line < 1)
    throw new InvalidInput('source.line', 'deve ser um número de linha a partir de 1');
  if (typeof s.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(s.sha256))
    throw new InvalidInput('source.sha256', 'deve ser o SHA-256 do arquivo, 64 dígitos hexadecimais minúsculos');
  return { file: s.file.trim(), line: s.line, sha256: s.sha256 };
}

/**
 * The lots of an opening balance as credits, merged by key (vintage, posto, class, source UC), refusing what the
 * platform itself could never hold on `date`: a negative kWh (Q3), a vintage after the import, a vintage already
 * expired (R9: 60 months; P9 makes it unusable from its expiry date on). Received excedente not yet used is not a
 * credit yet (its vintage will be the receiving UC's next reading, R8): `checkExpiry` false.
 */
export function openingCredits(
  lots: readonly OpeningLotInput[] | undefined,
  date: BusinessDate,
  field: string,
  checkExpiry = true,
): CreditLot[] {
  if (lots === undefined) return [];
  if (!Array.isArray(lots)) throw new InvalidInput(field, 'deve ser uma lista de lotes');
  const byKey = new Map<string, CreditLot>();
  lots.forEach((l, i) => {
    const at = `${field}[${i}]`;
    if (!l || typeof l !== 'object')
      throw new InvalidInput(at, 'deve ser um lote {vintage, posto, gdClass, kwh, sourceUcId}');
    const vintage = parseBusinessDate(l.vintage, `${at}.vintage`);
    const posto = parsePosto(l.posto, `${at}.posto`);
    if (!(GD_CLASSES as readonly string[]).includes(l.gdClass))
      throw new InvalidInput(`${at}.gdClass`, `a classe de GD deve ser uma de ${GD_CLASSES.join(', ')}`);
    // Q3: never a negative balance.
    if (typeof l.kwh === 'string' && l.kwh.trim().startsWith('-'))
      throw new InvalidInput(`${at}.kwh`, `kWh negativo (${l.kwh}): um saldo nunca é negativo (Q3)`);
    const kwh = Kwh.parse(l.kwh, `${at}.kwh`);
    const sourceUcId = parseUcId(l.sourceUcId, `${at}.sourceUcId`);
    if (vintage > date)
      throw new InvalidInput(`${at}.vintage`, `a safra ${vintage} é posterior à data da importação (${date})`);
    const expiresOn = expiryOf(vintage);
    // R9: a credit expires 60 months after its vintage; on its expiry date it is no longer usable (P9).
    if (checkExpiry && expiresOn <= date)
      throw RuleViolation('R9', `a safra ${vintage} expirou em ${expiresOn}, antes da data da importação (${date})`);
    if (kwh.isZero()) return;
    const lot: CreditLot = { vintage, posto, gdClass: l.gdClass as GdClass, kwh, expiresOn, sourceUcId };
    const prev = byKey.get(lotKey(lot));
    byKey.set(lotKey(lot), prev ? { ...prev, kwh: prev.kwh.plus(kwh) } : lot);
  });
  return [...byKey.values()];
}

/** The lots as events carry them. */
export function openingLotsJson(lots: readonly CreditLot[]): CreditLotJson[] {
  return lots.map(creditToJson);
}

/** A lot of an event as the command's input again (the audit rebuilds the command from the event). */
export function openingLotInputOf(l: {
  vintage: string;
  posto: string;
  gdClass: string;
  kwh: string;
  sourceUcId: string;
}): OpeningLotInput {
  return { vintage: l.vintage, posto: l.posto, gdClass: l.gdClass, kwh: l.kwh, sourceUcId: l.sourceUcId };
}
