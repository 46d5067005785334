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

/** R13: why a listed UC may not receive the generator's excedente. */
export type Ineligibility =
  | { readonly kind: 'not-registered' }
  | { readonly kind: 'not-active' }
  | { readonly kind: 'other-distribuidora'; readonly distribuidora: string; readonly generatorDistribuidora: string }
  | { readonly kind: 'billed-as-group-b' }
  | { readonly kind: 'local' }
  | { readonly kind: 'other-titular' }
  | { readonly kind: 'not-member' };

/**
 * R13: why a listed UC may not receive this generator's excedente, or null when it may.
 * The generator itself is always a valid recipient of its own share (R4).
 */
export function ineligibilityOf(
  generator: GeneratorFacts,
  ucId: string,
  facts: UcFacts | undefined,
  permissionarias: PermissionariaMap = {},
): Ineligibility | null {
  if (ucId === generator.ucId) return null;
  if (!facts) return { kind: 'not-registered' };
  if (facts.status !== 'active') return { kind: 'not-active' };
  const sameArea =
    facts.distribuidora === generator.distribuidora ||
    // L art. 15: a permissionária's generator may list UCs of the concessionária it is connected to, never the reverse.
    permissionarias[generator.distribuidora] === facts.distribuidora;
  if (!sameArea)
    return {
      kind: 'other-distribuidora',
      distribuidora: facts.distribuidora,
      generatorDistribuidora: generator.distribuidora,
    };
  if (facts.billedAsGroupB) return { kind: 'billed-as-group-b' };
  switch (generator.modalidade) {
    case 'local':
      return { kind: 'local' };
    case 'autoconsumo_remoto':
      return facts.titularKey === generator.titularKey ? null : { kind: 'other-titular' };
    case 'emuc':
    case 'compartilhada':
      return generator.members.includes(ucId) ? null : { kind: 'not-member' };
  }
}

/** R13: a reason as text, given the reason and the listed UC. */
type ReasonText = (why: Ineligibility, ucId: string) => string;

/** R13: the text of `ineligibilityOf`'s reason, or null when the UC may receive. */
function describedBy(text: ReasonText) {
  return (
    generator: GeneratorFacts,
    ucId: string,
    facts: UcFacts | undefined,
    permissionarias: PermissionariaMap = {},
  ): string | null => {
    const why = ineligibilityOf(generator, ucId, facts, permissionarias);
    return why ? text(why, ucId) : null;
  };
}

/** R13: the text an allocation records (ExcedenteAllocated's `ineligible`): an audit re-decides and compares it. */
const recordedText: ReasonText = (why, ucId) => {
  switch (why.kind) {
    case 'not-registered':
      return `UC ${ucId} is not registered`;
    case 'not-active':
      return `UC ${ucId} is not active`;
    case 'other-distribuidora':
      return `UC ${ucId} is served by ${why.distribuidora}, the generator by ${why.generatorDistribuidora}`;
    case 'billed-as-group-b':
      return `UC ${ucId} is Grupo A billed as Grupo B and cannot receive excedente`;
    case 'local':
      return `a local generator has no other UCs (UC ${ucId})`;
    case 'other-titular':
      return `UC ${ucId} does not have the generator's titular (autoconsumo remoto)`;
    case 'not-member':
      return `UC ${ucId} is not a registered member of the development`;
  }
};

/** R13: the same reason in pt-BR, for the refusal a clerk reads (a ChangeRateio refused); never recorded in events. */
const refusalText: ReasonText = (why, ucId) => {
  switch (why.kind) {
    case 'not-registered':
      return `a UC ${ucId} não está cadastrada`;
    case 'not-active':
      return `a UC ${ucId} não está ativa`;
    case 'other-distribuidora':
      return (
        `a UC ${ucId} é atendida pela distribuidora ${why.distribuidora}, e a geradora pela ` +
        why.generatorDistribuidora
      );
    case 'billed-as-group-b':
      return `a UC ${ucId} é do Grupo A faturada como Grupo B e não pode receber excedente`;
    case 'local':
      return `uma geradora de autoconsumo local não rateia para outras UCs (UC ${ucId})`;
    case 'other-titular':
      return `a UC ${ucId} não tem o mesmo titular da geradora (autoconsumo remoto)`;
    case 'not-member':
      return `a UC ${ucId} não é membro cadastrado do empreendimento`;
  }
};

/**
 * R13: the reason an allocation records for a listed UC found ineligible, or null when it may receive. Recorded in
 * events, so these texts never change.
 */
export const ineligibilityReason = describedBy(recordedText);

/** R13: the same reason in pt-BR, for a refused ChangeRateio. */
export const ineligibilityRefusal = describedBy(refusalText);
