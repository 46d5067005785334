import { EVENT_SCHEMA_VERSIONS, upcast } from './schema-versions';

describe('event schema versions', () => {
  it('R22 a v1 UcRegistered reads with the default subgrupo of its group and no baixa renda', () => {
    expect(upcast('UcRegistered', 1, { ucId: '1', group: 'B' })).toEqual({
      ucId: '1',
      group: 'B',
      subgrupo: 'B1',
      baixaRenda: false,
    });
    expect(upcast('UcRegistered', 1, { ucId: '1', group: 'A' })).toMatchObject({ subgrupo: 'A4', baixaRenda: false });
  });

  it('R10 a v1 CycleCompensated reads as decided before P10: `greater-of`, no pricing, no short-cycle rule', () => {
    expect(upcast('CycleCompensated', 1, { ucId: '1', minimumKwh: '100.000' })).toEqual({
      ucId: '1',
      minimumKwh: '100.000',
      p10: 'greater-of',
      pricing: null,
      subgrupo: 'B1',
      baixaRenda: false,
      cycleDays: null,
      shortCycle: false,
    });
  });

  it('R10 data already in the current shape passes through unchanged', () => {
    const current = { ucId: '1', group: 'B', subgrupo: 'B3', baixaRenda: true };
    expect(upcast('UcRegistered', 1, current)).toEqual(current);
    expect(upcast('UcRegistered', EVENT_SCHEMA_VERSIONS.UcRegistered, current)).toBe(current);
  });
});

describe('the upcasters cover every older version', () => {
  it('each event type whose schema is past version 1 reads every older version into the current one', () => {
    for (const [type, current] of Object.entries(EVENT_SCHEMA_VERSIONS))
      for (let v = 1; v < current; v++) expect(() => upcast(type, v, {})).not.toThrow();
  });
});
