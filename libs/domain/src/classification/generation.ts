import { InvalidInput } from '../shared/errors';

/** Generation source (RegisterGeneration). */
export type Source = 'solar' | 'eolica' | 'hidraulica' | 'biomassa' | 'cogeracao';
export const SOURCES: readonly Source[] = ['solar', 'eolica', 'hidraulica', 'biomassa', 'cogeracao'];

/** SCEE modality (glossary). */
export type Modalidade = 'local' | 'autoconsumo_remoto' | 'emuc' | 'compartilhada';
export const MODALIDADES: readonly Modalidade[] = ['local', 'autoconsumo_remoto', 'emuc', 'compartilhada'];

/** P3: what counts as excedente. */
export type SurplusBase = 'net' | 'injected';

/** Power in watts, exact (kW strings with up to 3 decimals). */
export function parseKw(value: string, field = 'kw'): bigint {
  const m = typeof value === 'string' ? /^(\d{1,9})(?:\.(\d{1,3}))?$/.exec(value) : null;
  if (!m) throw new InvalidInput(field, `"${value}" não é um valor em kW com no máximo 3 casas decimais`);
  const w = BigInt(m[1]) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0'));
  if (w === 0n) throw new InvalidInput(field, 'a potência deve ser maior que zero');
  return w;
}

/** "75000" W → "75.000". */
export function formatKw(w: bigint): string {
  return `${w / 1000n}.${(w % 1000n).toString().padStart(3, '0')}`;
}

/** One tranche of installed power with the date of its own connection request (R16). */
export interface Tranche {
  readonly watts: bigint;
  readonly requestedAt: string;
}
