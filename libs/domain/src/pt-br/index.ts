export * from './distribuidora-names';
export * from './posto-names';
export * from './rule-titles';
export * from './plural';
export * from './reais-pt-br';
