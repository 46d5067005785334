import { InvalidInput } from '../shared/errors';
import { parseTitularDocument } from './titular-document';
import { titularKeyOf } from './titular-key';

describe('TitularDocument and TitularKey (Q1 value types; glossary: titular key)', () => {
  it('Q1 accepts a CPF with valid check digits, with or without punctuation', () => {
    expect(parseTitularDocument('529.982.247-25')).toEqual({ kind: 'CPF', value: '52998224725' });
    expect(parseTitularDocument('11144477735')).toEqual({ kind: 'CPF', value: '11144477735' });
  });

  it('Q1 accepts a numeric CNPJ with valid check digits', () => {
    expect(parseTitularDocument('11.222.333/0001-81')).toEqual({ kind: 'CNPJ', value: '11222333000181' });
    expect(parseTitularDocument('45723174000110')).toEqual({ kind: 'CNPJ', value: '45723174000110' });
  });

  it('Q1 accepts the alphanumeric CNPJ 12ABC34501DE35, punctuated or lower case, normalised to upper case', () => {
    expect(parseTitularDocument('12ABC34501DE35')).toEqual({ kind: 'CNPJ', value: '12ABC34501DE35' });
    expect(parseTitularDocument('12.ABC.345/01DE-35')).toEqual({ kind: 'CNPJ', value: '12ABC34501DE35' });
    expect(parseTitularDocument('12abc34501de35')).toEqual({ kind: 'CNPJ', value: '12ABC34501DE35' });
  });

  it.each([
    ['52998224724', 'CPF, wrong check digit'],
    ['11111111111', 'CPF, all digits equal'],
    ['11222333000182', 'CNPJ, wrong check digit'],
    ['00000000000000', 'CNPJ, all zeros'],
    ['12ABC34501DE36', 'alphanumeric CNPJ, wrong check digit'],
    ['12ABC34501DEAB', 'alphanumeric CNPJ, letters in the check digits'],
    ['5299822472', 'ten digits'],
    ['529982247250', 'twelve digits'],
    ['', 'empty'],
  ])('Q1 refuses %s (%s) as InvalidInput', (value) => {
    expect(() => parseTitularDocument(value)).toThrow(InvalidInput);
  });

  it('Q1 the titular key of a CPF is the CPF', () => {
    expect(titularKeyOf(parseTitularDocument('529.982.247-25'))).toBe('52998224725');
  });

  it('Q1 the titular key of a CNPJ is its root: matriz and filial share it', () => {
    const matriz = titularKeyOf(parseTitularDocument('11222333000181'));
    const filial = titularKeyOf(parseTitularDocument('11222333000262'));
    expect(matriz).toBe('11222333');
    expect(filial).toBe(matriz);
    expect(titularKeyOf(parseTitularDocument('45723174000110'))).not.toBe(matriz);
  });

  it('Q1 the titular key of an alphanumeric CNPJ is its first 8 characters', () => {
    expect(titularKeyOf(parseTitularDocument('12ABC34501DE35'))).toBe('12ABC345');
  });
});
