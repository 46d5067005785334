import { maskDeep, maskDocuments } from './mask-documents';

describe('maskDocuments', () => {
  it.each([
    ['CPF, bare', 'cpf 29537995593 ok', 'cpf *********** ok'],
    ['CPF, punctuated', 'cpf 295.379.955-93 ok', 'cpf ***.***.***-** ok'],
    ['CNPJ, bare', 'cnpj 12345678000195', 'cnpj **************'],
    ['CNPJ, punctuated', 'cnpj 12.345.678/0001-95.', 'cnpj **.***.***/****-**.'],
    ['alphanumeric CNPJ, bare', 'cnpj 12ABC34501DE35', 'cnpj **************'],
    ['alphanumeric CNPJ, punctuated', '12.ABC.345/01DE-35', '**.***.***/****-**'],
    ['alphanumeric CNPJ, punctuated lower case', '12.abc.345/01de-35', '**.***.***/****-**'],
    ['inside a stream name', 'titular-coelba-29537995593', 'titular-coelba-***********'],
    ['inside a URL', '/titulares/12345678000195?cpf=29537995593', '/titulares/**************?cpf=***********'],
    ['inside JSON', '{"document":"295.379.955-93"}', '{"document":"***.***.***-**"}'],
    ['several', '29537995593 and 12345678000195', '*********** and **************'],
  ])('masks a %s', (_case, input, expected) => {
    expect(maskDocuments(input)).toBe(expected);
  });

  it.each([
    ['a 10-digit number', 'uc 1234567890'],
    ['a 12-digit number', 'uc 123456789012'],
    ['a 13-digit timestamp', 'at 1795438665549'],
    ['a 15-digit number', 'n 123456789012345'],
    ['a UUID', 'id 550e8400-e29b-41d4-a716-446655440000'],
    ['a SHA-256', 'hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['an ISO instant', '2025-03-01T10:20:30.123Z'],
    ['a lower-case word ending in two digits', 'installation42'],
    ['digits inside a longer alphanumeric run', 'key_abc29537995593xyz'],
  ])('leaves %s alone', (_case, input) => {
    expect(maskDocuments(input)).toBe(input);
  });
});

describe('maskDeep', () => {
  it('masks strings and 11/14-digit integers in plain objects and arrays, without touching the original', () => {
    const original = { titular: { cpf: '295.379.955-93', n: 29537995593 }, list: ['12345678000195', 7], ok: true };
    expect(maskDeep(original)).toEqual({
      titular: { cpf: '***.***.***-**', n: '***********' },
      list: ['**************', 7],
      ok: true,
    });
    expect(original.titular.cpf).toBe('295.379.955-93');
  });

  it('leaves class instances to the serializers and survives cycles', () => {
    const buffer = Buffer.from('29537995593');
    const cyclic: Record<string, unknown> = { cpf: '29537995593', buffer };
    cyclic.self = cyclic;
    const masked = maskDeep(cyclic) as Record<string, unknown>;
    expect(masked.cpf).toBe('***********');
    expect(masked.buffer).toBe(buffer);
    expect(masked.self).toBe(cyclic);
  });
});
