/**
 * RULES.md's rule titles in pt-BR, for people: the audit report and the dashboard show "R1 · Injeção própria, mesmo
 * posto" beside the bare id. One table, so both say the same. Pure (the dashboard bundles this file).
 */
export const RULE_TITLES: Readonly<Record<string, string>> = {
  R1: 'Injeção própria, mesmo posto',
  R2: 'Injeção própria, outro posto',
  R3: 'Excedente',
  R4: 'Destino do excedente',
  R5: 'Rateio percentual',
  R6: 'Rateio por prioridade',
  R7: 'Vigência do rateio',
  R8: 'Ordem de compensação na UC que recebe',
  R9: 'Validade dos créditos (60 meses)',
  R10: 'Mínimo do Grupo B (custo de disponibilidade)',
  R11: 'Grupo A',
  R12: 'Ciclos descasados',
  R13: 'Elegibilidade do rateio',
  R14: 'Vedado comercializar créditos',
  R15: 'Classe de GD',
  R16: 'Potência acrescida',
  R17: 'Linhas da fatura',
  R18: 'Troca de titularidade',
  R19: 'Contrato encerrado',
  R20: 'Prazo de 30 dias',
  R21: 'Porte da geração',
  R22: 'Tarifas em R$',
  R23: 'Encargo do SCEE por kWh compensado',
  R24: 'Parcela de energia do Grupo B',
  R25: 'Parcela de energia do Grupo A',
  R26: 'Bandeira tarifária',
  R27: 'Tributos',
  R28: 'Arredondamento e linhas',
};

/** "R1" → "R1 · Injeção própria, mesmo posto"; an id without a title as given. */
export function ruleWithTitle(rule: string): string {
  const title = RULE_TITLES[rule];
  return title ? `${rule} · ${title}` : rule;
}
