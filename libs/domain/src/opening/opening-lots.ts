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
  if (!s || typeof s !== 'object') throw new InvalidInput('source', 'the file name, line and SHA-256 are required');
  if (typeof s.file !== 'string' || s.file.trim() === '') throw new InvalidInput('source.file', 'the file name');
  if (!Number.isInteger(s.line) || s.line < 1) throw new InvalidInput('source.line', 'a line number from 1');
  if (typeof s.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(s.sha256))
    throw new InvalidInput('source.sha256', 'the SHA-256 of the file, 64 lower-case hex digits');
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
  if (!Array.isArray(lots)) throw new InvalidInput(field, 'a list of lots');
  const byKey = new Map<string, CreditLot>();
  lots.forEach((l, i) => {
    const at = `${field}[${i}]`;
    if (!l || typeof l !== 'object') throw new InvalidInput(at, 'a lot {vintage, posto, gdClass, kwh, sourceUcId}');
    const vintage = parseBusinessDate(l.vintage, `${at}.vintage`);
    const posto = parsePosto(l.posto, `${at}.posto`);
    if (!(GD_CLASSES as readonly string[]).includes(l.gdClass))
      throw new InvalidInput(`${at}.gdClass`, `the GD class is one of ${GD_CLASSES.join(', ')}`);
    // Q3: never a negative balance.
    if (typeof l.kwh === 'string' && l.kwh.trim().startsWith('-'))
      throw new InvalidInput(`${at}.kwh`, `negative kWh (${l.kwh}): a balance is never negative (Q3)`);
    const kwh = Kwh.parse(l.kwh, `${at}.kwh`);
    const sourceUcId = parseUcId(l.sourceUcId, `${at}.sourceUcId`);
    if (vintage > date)
      throw new InvalidInput(`${at}.vintage`, `the vintage ${vintage} is after the import date ${date}`);
    const expiresOn = expiryOf(vintage);
    // R9: a credit expires 60 months after its vintage; on its expiry date it is no longer usable (P9).
    if (checkExpiry && expiresOn <= date)
      throw RuleViolation('R9', `the vintage ${vintage} expired on ${expiresOn}, before the import date ${date}`);
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
