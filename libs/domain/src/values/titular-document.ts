import { cnpj, cpf } from 'cpf-cnpj-validator';
import { InvalidInput } from '../shared/errors';

/** A titular's CPF (11 digits) or CNPJ (14 characters, numeric or the alphanumeric form), normalised. */
export interface TitularDocument {
  readonly kind: 'CPF' | 'CNPJ';
  /** Digits only (CPF, numeric CNPJ) or upper-case alphanumerics (alphanumeric CNPJ). */
  readonly value: string;
}

/** Accepts punctuation ("295.379.955-93", "12.ABC.345/01DE-35") and normalises; check digits verified. */
export function parseTitularDocument(input: string, field = 'document'): TitularDocument {
  if (typeof input !== 'string') throw new InvalidInput(field, 'o documento deve ser um texto');
  const value = input.replace(/[.\-/\s]/g, '').toUpperCase();
  if (/^\d{11}$/.test(value)) {
    if (!cpf.isValid(value)) throw new InvalidInput(field, 'os dígitos verificadores do CPF não conferem');
    return { kind: 'CPF', value };
  }
  if (/^[0-9A-Z]{12}\d{2}$/.test(value)) {
    if (!cnpj.isValid(value)) throw new InvalidInput(field, 'os dígitos verificadores do CNPJ não conferem');
    return { kind: 'CNPJ', value };
  }
  throw new InvalidInput(field, `"${input}" não é um CPF (11 dígitos) nem um CNPJ (14 caracteres)`);
}
