import { rebillingActionOf, rebillingActionPtBr, rebillingTotalPtBr, reaisPtBr } from './reais-pt-br';

describe('money in pt-BR', () => {
  it('amounts as a person reads them, exact from the decimal string', () => {
    expect(reaisPtBr('1234.56')).toBe('R$ 1.234,56');
    expect(reaisPtBr('1234567.5')).toBe('R$ 1.234.567,50');
    expect(reaisPtBr('-0.50')).toBe('-R$ 0,50');
    expect(reaisPtBr('83')).toBe('R$ 83,00');
    expect(reaisPtBr('n/a')).toBe('n/a');
  });

  it('what a re-billing comes to: refund, charge, nothing or kWh only', () => {
    expect(rebillingActionOf('-1886.56')).toBe('refund');
    expect(rebillingActionOf('370.57')).toBe('charge');
    expect(rebillingActionOf('0.00')).toBe('none');
    expect(rebillingActionPtBr('refund', '-1886.56')).toBe('devolver R$ 1.886,56');
    expect(rebillingActionPtBr('charge', '370.57')).toBe('cobrar R$ 370,57');
    expect(rebillingActionPtBr('none', '0.00')).toBe('sem diferença em R$');
    expect(rebillingActionPtBr('unpriced', null)).toBe('sem tarifa em R$: refaturar em kWh');
    expect(rebillingTotalPtBr('-113.30')).toBe('devolver R$ 113,30');
    expect(rebillingTotalPtBr('0.00')).toBe('sem diferença em R$');
  });
});
