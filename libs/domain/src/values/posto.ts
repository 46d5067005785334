import { InvalidInput } from '../shared/errors';

/** Time-of-use band. `unico` is Grupo B conventional (no postos). */
export type Posto = 'unico' | 'ponta' | 'intermediario' | 'fora_ponta' | 'reservado';

/** All postos, in a fixed order used wherever an order must be deterministic. */
export const POSTOS: readonly Posto[] = ['unico', 'ponta', 'intermediario', 'fora_ponta', 'reservado'];

export function parsePosto(value: string, field = 'posto'): Posto {
  if (!(POSTOS as readonly string[]).includes(value)) {
    throw new InvalidInput(field, `"${value}" não é um posto (${POSTOS.join(', ')})`);
  }
  return value as Posto;
}

/** Short labels used on invoices (R17). */
export const POSTO_LABEL: Record<Posto, string> = {
  unico: 'TE',
  ponta: 'P',
  intermediario: 'INT',
  fora_ponta: 'FP',
  reservado: 'RES',
};
