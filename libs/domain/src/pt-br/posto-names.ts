/** A posto's name as a person reads it ("fora_ponta" → "Fora ponta"). Pure (the dashboard bundles this file). */
export const POSTO_NAMES: Readonly<Record<string, string>> = {
  unico: 'Único',
  ponta: 'Ponta',
  intermediario: 'Intermediário',
  fora_ponta: 'Fora ponta',
  reservado: 'Reservado',
};

/** The pt-BR name of a posto code; an unknown code with its underscores as spaces. */
export function postoName(posto: string): string {
  return POSTO_NAMES[posto] ?? posto.replace(/_/g, ' ');
}
