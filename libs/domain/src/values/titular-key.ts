import type { TitularDocument } from './titular-document';

/** What "same titular" compares: the CPF, or the CNPJ root (first 8 characters: matriz and filiais). */
export type TitularKey = string & { readonly __brand: 'TitularKey' };

export function titularKeyOf(doc: TitularDocument): TitularKey {
  return (doc.kind === 'CPF' ? doc.value : doc.value.slice(0, 8)) as TitularKey;
}

/** Credits held for a titular with no UC live here: `titular-<distribuidora>-<titular key>`. */
export function titularStream(distribuidora: string, key: string): string {
  return `titular-${distribuidora}-${key}`;
}
