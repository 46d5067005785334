/** A count with its noun in pt-BR: `1 campo inválido`, `3 campos inválidos` (every text a person reads says it so). */
export function pluralPtBr(n: number | string, one: string, many: string): string {
  return `${n} ${Number(n) === 1 ? one : many}`;
}
