/** Money (R22–R28): tariffs in R$, cycle pricing, the invoice of a cycle. */
export * from './cycle-pricing';
export * from './decimal-text';
export * from './rounding';
export * from './tariff-table';
export * from './tariff-schedule';
export * from './cycle-period';
export * from './scce-rates';
export * from './scce-charge';
export * from './missing-tariff';
export * from './price-cycle';
export * from './tax-settings';
export * from './gross-up';
export * from './bandeira';
export * from './invoice-facts';
export * from './invoice';
export * from './invoice-labels';
export * from './compute-invoice';
