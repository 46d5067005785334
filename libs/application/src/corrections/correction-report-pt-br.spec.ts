import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulationReport } from '../simulation/simulation-report';
import { renderCorrectionReportPtBr } from './correction-report-pt-br';

/** An example's expected `compensa simulate` output (examples/NAME.expected.json). */
const exampleReport = (name: string) =>
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', `${name}.expected.json`), 'utf8'),
  ) as SimulationReport;

const expected = exampleReport('16-retificacao-leitura');

describe('the re-billing report in pt-BR', () => {
  it('says per cycle what was billed, what should have been, and what to refund or charge', () => {
    const text = renderCorrectionReportPtBr(expected.corrections!['retif-17002-2026-04-0ccaaca85d11']);
    expect(text).toContain('UC 17002, ciclo 04/2026 (leitura de 30/04/2026), retificada em 08/07/2026');
    expect(text).toContain('Processo LIGHT-RET-2026-00174: consumo digitado com um zero a mais');
    expect(text).toContain('Leitura (Único): consumo 1.850 kWh → 185 kWh; injeção 0 kWh → 0 kWh');
    expect(text).toContain(
      '04/2026  UC 17002: compensado 0 kWh → 0 kWh; faturado 1.850 kWh → 185 kWh; ' +
        'fatura R$ 2.096,18 → R$ 209,62: devolver R$ 1.886,56',
    );
    expect(text).toContain('Total: devolver R$ 1.886,56');
  });

  it('a charge, a cycle without difference in R$, and the credits before and after', () => {
    const text = renderCorrectionReportPtBr(expected.corrections!['retif-17001-2026-04-342b8bee3ec9']);
    expect(text).toContain('fatura R$ 100,84 → R$ 100,84: sem diferença em R$');
    expect(text).toContain('Total: cobrar R$ 370,57');
    expect(text).toContain('Créditos da UC: 213,617 kWh → 0 kWh');
  });

  it("R5 R7: a generator's correction lists its beneficiary's re-billed cycles, received excedente and credits", () => {
    const text = renderCorrectionReportPtBr(expected.corrections!['retif-17003-2026-04-bc570221ed63']);
    expect(text).toContain('Leitura (Único): consumo 210 kWh → 210 kWh; injeção 1.100 kWh → 900 kWh');
    expect(text).toMatch(/04\/2026 {2}UC 17004: compensado .* sem diferença em R\$/);
    expect(text).toContain(
      'UC 17004 (beneficiária): excedente recebido do ciclo 04/2026 962,1 kWh → 762,1 kWh; ' +
        'créditos 933,094 kWh → 733,094 kWh',
    );
  });

  it('R18 the credits held for the titular that a correction changed, the titular by its CPF', () => {
    const example18 = exampleReport('18-retificacao-creditos-mantidos');
    const text = renderCorrectionReportPtBr(example18.corrections!['retif-19001-2026-04-7937c46760f4']);
    expect(text).toContain(
      'UC 19001 (troca de titularidade em 05/05/2026, R18): créditos mantidos para o titular CPF 390.533.447-05: ' +
        '1.223,617 kWh → 623,617 kWh',
    );
  });

  it('R20 the UC a 30-day move had given the credits to, re-billed; a default re-decided to the same UC', () => {
    const example19 = exampleReport('19-retificacao-creditos-movidos');
    const moved = renderCorrectionReportPtBr(example19.corrections!['retif-20001-2026-04-596fd95e09db']);
    expect(moved).toMatch(/05\/2026 {2}UC 20002: compensado 1\.223,617 kWh → 623,617 kWh; .*: cobrar R\$ 575,44/);
    expect(moved).toContain(
      'UC 20002 (recebeu créditos mantidos da UC 20001, titular CPF 714.602.858-59, R20): ' +
        'créditos recebidos 1.223,617 kWh → 623,617 kWh; créditos 0 kWh → 0 kWh',
    );
    const redecided = renderCorrectionReportPtBr(example19.corrections!['retif-20005-2026-05-b254918e8550']);
    expect(redecided).toContain(
      'Destinação automática de 05/06/2026 (R20) dos créditos da UC 20004, titular CPF 483.920.175-79: comparou o ' +
        'consumo da UC 20005 (800 kWh → 700 kWh); refeita, continua para a UC 20005',
    );
  });

  it('R20 a default re-decided to another UC: both UCs re-billed, the one chosen before to nothing, the one chosen now from nothing', () => {
    const example19 = exampleReport('19-retificacao-creditos-movidos');
    const other = renderCorrectionReportPtBr(example19.corrections!['retif-20005-2026-05-433c7519d34b']);
    expect(other).toContain(
      '06/2026  UC 20005: compensado 1.036,444 kWh → 0 kWh; faturado 863,556 kWh → 1.900 kWh; ' +
        'fatura R$ 1.158,80 → R$ 2.152,83: cobrar R$ 994,03',
    );
    expect(other).toContain(
      '06/2026  UC 20006: compensado 0 kWh → 480 kWh; faturado 480 kWh → 0 kWh; fatura R$ 543,87 → R$ 83,52: ' +
        'devolver R$ 460,35',
    );
    expect(other).toContain('Total: cobrar R$ 250,41');
    expect(other).toContain(
      'UC 20006 (recebeu créditos mantidos da UC 20004, titular CPF 483.920.175-79, R20): ' +
        'créditos recebidos 0 kWh → 1.036,444 kWh; créditos 0 kWh → 556,444 kWh',
    );
    expect(other).toContain(
      'comparou o consumo da UC 20005 (700 kWh → 450 kWh); refeita, vai para a UC 20006 em vez da UC 20005',
    );
  });
  it('R20 a correction after which nothing would have left the UC: the window closed, the UC the indication gave the credits to re-billed with nothing', () => {
    const example20 = exampleReport('20-retificacao-prazo-encerrado');
    const [report] = Object.values(example20.corrections!);
    const text = renderCorrectionReportPtBr(report);
    expect(text).toContain(
      'UC 21001 (troca de titularidade em 10/04/2026, R18): créditos mantidos para o titular CPF 827.440.196-40: ' +
        '649,272 kWh → 0 kWh; nada teria saído da UC, então o prazo de 30 dias foi encerrado e o que foi movido nele, ' +
        'desfeito',
    );
    expect(text).toContain(
      '04/2026  UC 21002: compensado 520 kWh → 0 kWh; faturado 0 kWh → 520 kWh; fatura R$ 90,48 → R$ 589,20: ' +
        'cobrar R$ 498,72',
    );
    expect(text).toContain(
      'UC 21002 (recebeu créditos mantidos da UC 21001, titular CPF 827.440.196-40, R20): ' +
        'créditos recebidos 649,272 kWh → 0 kWh; créditos 0 kWh → 0 kWh',
    );
    expect(text).toContain('Total: cobrar R$ 776,86');
  });
});
