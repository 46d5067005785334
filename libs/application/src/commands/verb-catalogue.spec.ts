import {
  COMMAND_NAMES,
  DISTRIBUIDORA_VERBS,
  isCommandName,
  TITULAR_VERBS,
  UC_VERBS,
  VERBS,
  type DistribuidoraVerbBodies,
  type TitularVerbBodies,
  type UcVerbBodies,
  type VerbTable,
} from './verb-catalogue';

describe('the verb catalogue', () => {
  it('lists every verb once, in the order the simulation names them', () => {
    expect(COMMAND_NAMES).toEqual([
      'RegisterUc',
      'RegisterGeneration',
      'AddCapacity',
      'RegisterMembers',
      'ChangeRateio',
      'RecordReading',
      'CorrectReading',
      'TransferTitularidade',
      'CloseContract',
      'RequestClosureDistribution',
      'ImportOpeningBalance',
      'IndicateReallocation',
      'ImportOpeningHeldCredits',
      'PublishTariff',
      'SetDistribuidoraPolicy',
      'PublishBandeira',
      'PublishScceRate',
    ]);
    expect(isCommandName('RecordReading')).toBe(true);
    expect(isCommandName('toString')).toBe(false);
    expect(isCommandName('AdvanceClock')).toBe(false);
  });

  it('gives each verb one HTTP operation, POST answering 201 and PUT 200', () => {
    const routes = COMMAND_NAMES.map((n) => `${VERBS[n].http.method} ${VERBS[n].http.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    for (const n of COMMAND_NAMES) expect(VERBS[n].http.status).toBe(VERBS[n].http.method === 'POST' ? 201 : 200);
  });

  it('files each verb under the stream kind it appends to', () => {
    for (const entry of Object.values(UC_VERBS)) expect(entry.stream).toBe('uc');
    for (const entry of Object.values(TITULAR_VERBS)) expect(entry.stream).toBe('titular');
    for (const entry of Object.values(DISTRIBUIDORA_VERBS)) expect(entry.stream).toBe('distribuidora');
  });

  it('does not compile when a verb misses its entry (fixtures)', () => {
    const { RecordReading: _reading, ...withoutReading } = UC_VERBS;
    // @ts-expect-error RecordReading has no entry
    const uc: VerbTable<UcVerbBodies> = withoutReading;
    const { IndicateReallocation: _indicate, ...withoutIndicate } = TITULAR_VERBS;
    // @ts-expect-error IndicateReallocation has no entry
    const titular: VerbTable<TitularVerbBodies> = withoutIndicate;
    const { PublishTariff: _publish, ...withoutPublish } = DISTRIBUIDORA_VERBS;
    // @ts-expect-error PublishTariff has no entry
    const distribuidora: VerbTable<DistribuidoraVerbBodies> = withoutPublish;
    const misdated: VerbTable<UcVerbBodies>['AddCapacity'] = {
      ...UC_VERBS.AddCapacity,
      // @ts-expect-error an entry names a field of its body as its business date (or null)
      businessDate: 'date',
    };
    expect([uc, titular, distribuidora, misdated]).toHaveLength(4);
  });
});
