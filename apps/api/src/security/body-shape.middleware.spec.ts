import { bodyShapeErrors, MAX_BODY_DEPTH } from './body-shape.middleware';

describe('bodyShapeErrors', () => {
  it('accepts an ordinary command body', () => {
    expect(bodyShapeErrors({ te: { unico: '0.3' }, tusd: { fio_b: { ponta: '0.1' } }, list: [{ a: 1 }] })).toEqual([]);
    expect(bodyShapeErrors(undefined)).toEqual([]);
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'])(
    'refuses the inherited-name key %s at any depth, naming its path',
    (key) => {
      const body = JSON.parse(`{"titular":{"name":"x","${key}":{"polluted":true}}}`) as unknown;
      expect(bodyShapeErrors(body)).toEqual([
        { field: `titular.${key}`, message: `o campo titular.${key} não é permitido` },
      ]);
    },
  );

  it(`refuses nesting deeper than ${MAX_BODY_DEPTH} levels, without recursing (a 60,000-level body)`, () => {
    const deep = JSON.parse(`${'{"a":'.repeat(60_000)}1${'}'.repeat(60_000)}`) as unknown;
    const errors = bodyShapeErrors(deep);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/^a(\.a){31} tem mais de 32 níveis de aninhamento$/);
    expect(bodyShapeErrors(JSON.parse(`${'['.repeat(60_000)}${']'.repeat(60_000)}`))).toHaveLength(1);
  });
});
