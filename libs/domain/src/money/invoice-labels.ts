import { gdClassLabel, type GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import { BANDEIRA_LABEL, type BandeiraFlag } from './bandeira';

/** R17: posto names as utilities print them after a line name ("Consumo Ponta"); nothing for `unico`. */
const POSTO_SUFFIX: Readonly<Record<Posto, string>> = {
  unico: '',
  ponta: ' Ponta',
  intermediario: ' Intermediário',
  fora_ponta: ' Fora Ponta',
  reservado: ' Reservado',
};

/** R17: "Consumo", "Consumo Ponta". */
export function consumoLabel(posto: Posto): string {
  return `Consumo${POSTO_SUFFIX[posto]}`;
}

/** R17: "Energia compensada GD II", "Energia compensada GD I Fora Ponta" (Cemig's wording). */
export function compensadaLabel(posto: Posto, gdClass: GdClass): string {
  return `Energia compensada ${gdClassLabel(gdClass)}${POSTO_SUFFIX[posto]}`;
}

/** R23: "Encargo SCEE (Fio B) GD II"; GD III's charge has more than Fio B until 2028: "Encargo SCEE GD III". */
export function scceLabel(posto: Posto, gdClass: GdClass): string {
  const what = gdClass === 'GD_III' ? 'Encargo SCEE' : 'Encargo SCEE (Fio B)';
  return `${what} ${gdClassLabel(gdClass)}${POSTO_SUFFIX[posto]}`;
}

export const CUSTO_DISPONIBILIDADE_LABEL = 'Custo de disponibilidade';
export const AJUSTE_CUSTO_DISPONIBILIDADE_LABEL = 'Ajuste custo de disponibilidade';

/** R26: "Adic. Bandeira Amarela"; a cycle under two different flags: "Adic. Bandeiras Amarela/Vermelha Patamar 1". */
export function bandeiraLabel(flags: readonly BandeiraFlag[]): string {
  const distinct = [...new Set(flags)];
  if (distinct.length === 1) return `Adic. Bandeira ${BANDEIRA_LABEL[distinct[0]]}`;
  return `Adic. Bandeiras ${distinct.map((f) => BANDEIRA_LABEL[f]).join('/')}`;
}

/** R27: tax lines with their rate, as a percentage ("ICMS 18%"). */
export function taxLabel(tax: 'icms' | 'pis' | 'cofins', percent: string): string {
  const name = tax === 'icms' ? 'ICMS' : tax === 'pis' ? 'PIS/PASEP' : 'COFINS';
  return `${name} ${percent.replace('.', ',')}%`;
}

/** Notes in pt-BR. */
export const NOTE_OUTSIDE =
  'Demanda (kW), energia reativa, demanda de injeção (REN 1.000 art. 655-I §3), contribuição de iluminação pública (CIP) e demais encargos municipais não estão nesta fatura.';
export const NOTE_SHORT_CYCLE =
  'Ciclo com menos de 27 dias: faturado o consumo medido, sem custo de disponibilidade (REN 1.000 art. 285, I).';
export const NOTE_BAIXA_RENDA =
  'Custo de disponibilidade reduzido em 50%: subclasse residencial baixa renda (CadÚnico; REN 1.000 art. 291, parágrafo único).';
export const NOTE_CD_BINDING =
  'O custo de disponibilidade é maior que o faturamento da energia: cobrado o ajuste até ele (REN 1.000 art. 655-I §1).';
export const NOTE_TRUNCATE = 'Valores em R$ truncados em duas casas decimais (configuração da distribuidora).';
export const NOTE_NOT_PRICED = 'Valores em R$ não calculados até a publicação da tarifa que falta.';
/** R23 (L art. 27 §2): the SCEE charge line of the 2023-H1 cohort in 2029–2030, after its class's label. */
export const COHORT_LABEL = ' (acesso 1º sem. 2023)';
