import { InvalidInput, StateConflict } from '../shared/errors';
import { specificationOf } from '../testing/decider-specification';
import { distribuidoraDecider, type DistribuidoraCommand } from './distribuidora-decider';
import { teInForce, type TariffEvent } from './tariff-decider';

/** The distribuidora stream (`tariff-<code>`) as a specification, like the UC's and the titular's. */
const givenDistribuidora = specificationOf(distribuidoraDecider);

const publish = (validFrom: string, te: Record<string, string>): DistribuidoraCommand => ({
  type: 'PublishTariff',
  data: { distribuidora: 'copel', validFrom, te },
});
const published = (validFrom: string, te: Record<string, string>): TariffEvent => ({
  type: 'TariffPublished',
  data: { distribuidora: 'copel', validFrom, te },
});

describe('the distribuidora stream', () => {
  it('R2 PublishTariff records the TE per posto from its date', () => {
    givenDistribuidora([])
      .when(publish('2025-01-01', { ponta: '0.45', fora_ponta: '0.30' }))
      .then([published('2025-01-01', { ponta: '0.45', fora_ponta: '0.30' })]);
  });

  it('R2 the TE in force on a date is the latest table valid from on or before it', () => {
    givenDistribuidora([published('2025-06-01', { unico: '0.50' }), published('2025-01-01', { unico: '0.40' })])
      .when(publish('2026-01-01', { unico: '0.60' }))
      .then((_, after) => {
        expect(teInForce(after, '2025-05-31')?.te).toEqual({ unico: '0.40' });
        expect(teInForce(after, '2025-06-01')?.te).toEqual({ unico: '0.50' });
        expect(teInForce(after, '2026-01-01')?.te).toEqual({ unico: '0.60' });
        expect(teInForce(after, '2024-12-31')).toBeNull();
      });
  });

  it('a second table valid from the same date is a conflict with the history', () => {
    givenDistribuidora([published('2025-01-01', { unico: '0.40' })])
      .when(publish('2025-01-01', { unico: '0.41' }))
      .thenThrows(StateConflict);
  });

  it('a table without a TE is refused as invalid input', () => {
    givenDistribuidora([]).when(publish('2025-01-01', {})).thenThrows(InvalidInput);
  });

  const policy = (p10: 'cap' | 'greater-of'): DistribuidoraCommand => ({
    type: 'SetDistribuidoraPolicy',
    data: { distribuidora: 'copel', validFrom: '2026-01-01', p10 },
  });
  const policySet = (p10: 'cap' | 'greater-of'): TariffEvent => ({
    type: 'DistribuidoraPolicySet',
    data: { distribuidora: 'copel', validFrom: '2026-01-01' as never, p10 },
  });

  it('R10 SetDistribuidoraPolicy records P10 from its date; the same PUT again appends nothing', () => {
    givenDistribuidora([])
      .when(policy('cap'))
      .then([policySet('cap')]);
    givenDistribuidora([policySet('cap')])
      .when(policy('cap'))
      .then([]);
  });

  it('R10 the same PUT again appends nothing, whatever the key order its recorded event is read back in', () => {
    // As a store may give it back (a migration, another serializer): the same data, its keys in another order.
    const readBack: TariffEvent = {
      type: 'DistribuidoraPolicySet',
      data: { p10: 'cap', validFrom: '2026-01-01' as never, distribuidora: 'copel' },
    };
    givenDistribuidora([readBack]).when(policy('cap')).then([]);
  });

  it('R10 a later policy of the same date wins, and going back to an earlier one is recorded again', () => {
    const after = givenDistribuidora([policySet('cap'), policySet('greater-of')]);
    after.when(policy('cap')).then([policySet('cap')]);
  });

  it('R22 tariffs in R$ per subgrupo are validated (an unknown subgrupo is invalid input)', () => {
    givenDistribuidora([])
      .when({
        type: 'PublishTariff',
        data: { distribuidora: 'copel', validFrom: '2026-01-01', te: { unico: '0.3' }, subgrupos: { B9: {} } },
      })
      .thenThrows(InvalidInput);
  });
});
