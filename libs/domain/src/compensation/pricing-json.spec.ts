import { Money, type CyclePricing } from '../money/cycle-pricing';
import { pricingFromJson, pricingToJson } from './pricing-json';

const m = (v: string) => new Money(v);
const f = (a: string, b: string, c: string) => ({ GD_I: m(a), GD_II: m(b), GD_III: m(c) });

describe('R10 / R22 the recorded T and f of a cycle', () => {
  const pricing: CyclePricing = {
    T: { unico: m('0.78'), ponta: m('2.01217'), fora_ponta: m('0.40431') },
    f: { unico: f('0', '0.156', '0.2'), ponta: f('0', '0.66', '0.7'), fora_ponta: f('0', '0.042', '0.05') },
  };

  it('R10 a UC records its postos and fora_ponta; UCs sharing a pricing and postos share one frozen record', () => {
    const unico = pricingToJson(pricing, ['unico']);
    const postos = pricingToJson(pricing, ['ponta', 'fora_ponta']);
    expect(unico).toEqual({
      T: { unico: '0.78', fora_ponta: '0.40431' },
      f: {
        unico: { GD_I: '0', GD_II: '0.156', GD_III: '0.2' },
        fora_ponta: { GD_I: '0', GD_II: '0.042', GD_III: '0.05' },
      },
    });
    expect(Object.keys(postos.T)).toEqual(['ponta', 'fora_ponta']);
    expect(pricingToJson(pricing, ['unico'])).toBe(unico);
    expect(pricingToJson(pricing, ['fora_ponta'])).not.toBe(unico);
    expect(Object.isFrozen(unico) && Object.isFrozen(unico.T) && Object.isFrozen(unico.f.unico)).toBe(true);
    expect(pricingToJson(pricingFromJson(postos), ['ponta', 'fora_ponta'])).toEqual(postos);
  });
});
