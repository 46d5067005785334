import type { Modalidade } from '../classification/generation';
import type { PermissionariaMap, UcFacts } from './uc-facts';

/** The generator as R13 sees it. */
export interface GeneratorFacts {
  readonly ucId: string;
  readonly distribuidora: string;
  readonly titularKey: string;
  readonly modalidade: Modalidade;
  readonly billedAsGroupB: boolean;
  readonly members: readonly string[];
}

/**
 * R13: why a listed UC may not receive this generator's excedente, or null when it may.
 * The generator itself is always a valid recipient of its own share (R4).
 */
export function ineligibilityReason(
  generator: GeneratorFacts,
  ucId: string,
  facts: UcFacts | undefined,
  permissionarias: PermissionariaMap = {},
): string | null {
  if (ucId === generator.ucId) return null;
  if (!facts) return `UC ${ucId} is not registered`;
  if (facts.status !== 'active') return `UC ${ucId} is not active`;
  const sameArea =
    facts.distribuidora === generator.distribuidora ||
    // L art. 15: a permissionária's generator may list UCs of the concessionária it is connected to, never the reverse.
    permissionarias[generator.distribuidora] === facts.distribuidora;
  if (!sameArea) return `UC ${ucId} is served by ${facts.distribuidora}, the generator by ${generator.distribuidora}`;
  if (facts.billedAsGroupB) return `UC ${ucId} is Grupo A billed as Grupo B and cannot receive excedente`;
  switch (generator.modalidade) {
    case 'local':
      return `a local generator has no other UCs (UC ${ucId})`;
    case 'autoconsumo_remoto':
      return facts.titularKey === generator.titularKey
        ? null
        : `UC ${ucId} does not have the generator's titular (autoconsumo remoto)`;
    case 'emuc':
    case 'compartilhada':
      return generator.members.includes(ucId) ? null : `UC ${ucId} is not a registered member of the development`;
  }
}
