import { cohortField } from '../values/scce-cohort';
import type { Rateio } from '../allocation/rateio';
import { rateioUcIds } from '../allocation/rateio';
import { requestClass } from '../classification/classify-gd';
import { checkSize } from '../classification/check-size';
import { formatKw, MODALIDADES, parseKw, SOURCES, type Modalidade, type Source } from '../classification/generation';
import { CONNECTIONS, type Connection } from '../compensation/custo-disponibilidade';
import { partitionExpired } from '../compensation/expire-credits';
import { creditToJson } from '../compensation/lot-json';
import type { CreditLot } from '../compensation/lots';
import { expiryOf } from '../compensation/lots';
import { ineligibilityRefusal } from '../eligibility/check-rateio-eligibility';
import type { UcFacts } from '../eligibility/uc-facts';
import { InvalidInput, RuleViolation, StateConflict, UnknownUc } from '../shared/errors';
import { splitLargestRemainder } from '../split/split-largest-remainder';
import { addDays, parseBusinessDate, type BusinessDate } from '../values/business-date';
import { Kwh } from '../values/kwh';
import { Percent } from '../values/percent';
import { parsePosto, type Posto } from '../values/posto';
import { parseTitularDocument } from '../values/titular-document';
import { titularKeyOf } from '../values/titular-key';
import { parseSubgrupo } from '../values/subgrupo';
import { parseUcId } from '../values/uc-id';
import { addCredits } from './evolve-uc';
import { parseShares } from './parse-shares';
import { decideImportOpeningBalance } from '../opening/import-opening-balance';
import {
  decideCorrectHeldReceipt,
  decideCorrectReading,
  decideCorrectReceipt,
  decideRedecideAllocation,
} from './correct-reading';
import { decideRecordReading } from './record-reading';
import type { DecisionContext, UcCommand } from './uc-commands';
import type { TitularJson, UcEvent } from './uc-events';
import type { UcState } from './uc-state';

/** R20: the titular has this many calendar days to indicate where held credits go. */
export const REALLOCATION_WINDOW_DAYS = 30;

/** Commands the process managers issue: the only ones a closed UC still takes (R19). */
const PROCESS_MOVES: ReadonlySet<UcCommand['type']> = new Set([
  'ReceiveExcedente',
  'CorrectReceipt',
  'CorrectHeldReceipt',
  'RedecideAllocation',
  'ReceiveHeldCredits',
  'ExpireCredits',
]);

/** The UC's decide: command + state → events, or a typed refusal. Pure: time and outside facts come in the command. */
export function decideUc(command: UcCommand, state: UcState): UcEvent[] {
  if (command.type === 'RegisterUc') return registerUc(command.data, state);
  if (state.status === 'unregistered') throw new UnknownUc(ucIdOf(command) ?? '');
  // R19 ("Refusals"): a closed UC changes no more; only the process managers' moves (excedente already allocated to
  // it, held credits, expiries) still reach its stream.
  if (state.status === 'closed' && !PROCESS_MOVES.has(command.type)) {
    const what = command.type === 'RecordReading' ? 'leituras' : `alterações (${command.type})`;
    throw RuleViolation('R19', `a UC ${state.ucId} está encerrada e não aceita mais ${what}`);
  }
  switch (command.type) {
    case 'RegisterGeneration':
      return registerGeneration(command.data, state);
    case 'AddCapacity':
      return addCapacity(command.data, state);
    case 'RegisterMembers':
      return registerMembers(command.data, state);
    case 'ChangeRateio':
      return changeRateio(command.data, command.context, state);
    case 'RecordReading':
      return decideRecordReading(command, state);
    case 'CorrectReading':
      return decideCorrectReading(command, state);
    case 'CorrectReceipt':
      return decideCorrectReceipt(command, state);
    case 'CorrectHeldReceipt':
      return decideCorrectHeldReceipt(command, state);
    case 'RedecideAllocation':
      return decideRedecideAllocation(command, state);
    case 'TransferTitularidade':
      return transferTitularidade(command.data, state);
    case 'CloseContract':
      return closeContract(command.data, command.context, state);
    case 'RequestClosureDistribution':
      return requestClosureDistribution(command.data, command.context, state);
    case 'ReceiveExcedente':
      // Exactly once: a source event already delivered here is a no-op.
      if (state.deliveries.includes(command.data.sourceEventId)) return [];
      return [{ type: 'ExcedenteReceived', data: { ucId: state.ucId, ...command.data } }];
    case 'ReceiveHeldCredits':
      if (state.deliveries.includes(command.data.sourceEventId)) return [];
      return [{ type: 'HeldCreditsReceived', data: { ucId: state.ucId, ...command.data } }];
    case 'ImportOpeningBalance':
      return decideImportOpeningBalance(command.data, state);
    case 'ExpireCredits': {
      // R9: the daily sweep, for UCs that take no readings. Everything due up to and including the date.
      const date = parseBusinessDate(command.data.date);
      const { expired } = partitionExpired(state.credits, date, true);
      if (expired.length === 0) return [];
      return [
        {
          type: 'CreditsExpired',
          data: {
            ucId: state.ucId,
            date,
            lots: expired.map(creditToJson),
            totalKwh: Kwh.sum(expired.map((l) => l.kwh)).toString(),
          },
        },
      ];
    }
  }
}

function ucIdOf(command: UcCommand): string | undefined {
  return (command.data as { ucId?: string }).ucId;
}

function parseTitular(t: { document: string; name: string } | undefined, field: string): TitularJson {
  if (!t || typeof t !== 'object') throw new InvalidInput(field, 'o titular {document, name} é obrigatório');
  const doc = parseTitularDocument(t.document, `${field}.document`);
  if (typeof t.name !== 'string' || t.name.trim() === '')
    throw new InvalidInput(`${field}.name`, 'o nome é obrigatório');
  return { document: doc.value, kind: doc.kind, name: t.name.trim(), key: titularKeyOf(doc) };
}

function registerUc(d: Extract<UcCommand, { type: 'RegisterUc' }>['data'], s: UcState): UcEvent[] {
  if (s.status !== 'unregistered') throw new StateConflict(`a UC ${s.ucId} já está cadastrada`);
  const ucId = parseUcId(d.ucId);
  if (typeof d.distribuidora !== 'string' || !/^[a-z0-9_]{2,40}$/.test(d.distribuidora)) {
    throw new InvalidInput(
      'distribuidora',
      'o código da distribuidora deve ter de 2 a 40 letras minúsculas, dígitos ou _',
    );
  }
  const titular = parseTitular(d.titular, 'titular');
  if (d.group !== 'A' && d.group !== 'B') throw new InvalidInput('group', 'o grupo deve ser A ou B');
  let connection: Connection | null = null;
  if (d.connection !== undefined && d.connection !== null) {
    if (!(CONNECTIONS as readonly string[]).includes(d.connection))
      throw new InvalidInput('connection', `o tipo de ligação deve ser um de ${CONNECTIONS.join(', ')}`);
    connection = d.connection as Connection;
  }
  // R10: a Grupo B UC needs its connection to know its minimum.
  if (d.group === 'B' && !connection)
    throw new InvalidInput(
      'connection',
      'uma UC do Grupo B precisa do tipo de ligação (monofasico, bifasico, trifasico)',
    );
  if (d.billedAsGroupB && d.group !== 'A')
    throw new InvalidInput('billedAsGroupB', 'só uma UC do Grupo A pode ser faturada como Grupo B');
  if (!Array.isArray(d.postos) || d.postos.length === 0) throw new InvalidInput('postos', 'informe ao menos um posto');
  const postos: Posto[] = d.postos.map((p, i) => parsePosto(p, `postos[${i}]`));
  if (new Set(postos).size !== postos.length) throw new InvalidInput('postos', 'um posto aparece duas vezes');
  if (postos.includes('unico') && postos.length > 1)
    throw new InvalidInput('postos', '`unico` significa sem postos horários: deve vir sozinho');
  const subgrupo = parseSubgrupo(d.subgrupo, d.group); // R22
  if (d.baixaRenda !== undefined && typeof d.baixaRenda !== 'boolean')
    throw new InvalidInput('baixaRenda', 'baixaRenda deve ser true ou false');
  return [
    {
      type: 'UcRegistered',
      data: {
        ucId,
        distribuidora: d.distribuidora,
        titular,
        group: d.group,
        connection,
        postos,
        billedAsGroupB: d.billedAsGroupB === true,
        registeredAt: parseBusinessDate(d.registeredAt, 'registeredAt'),
        subgrupo,
        baixaRenda: d.baixaRenda === true,
      },
    },
  ];
}

function registerGeneration(d: Extract<UcCommand, { type: 'RegisterGeneration' }>['data'], s: UcState): UcEvent[] {
  if (s.generation) throw new StateConflict(`a UC ${s.ucId} já tem geração cadastrada; use AddCapacity`);
  const watts = parseKw(d.installedKw, 'installedKw');
  if (!(SOURCES as readonly string[]).includes(d.source))
    throw new InvalidInput('source', `a fonte deve ser uma de ${SOURCES.join(', ')}`);
  if (typeof d.dispatchable !== 'boolean')
    throw new InvalidInput('dispatchable', 'dispatchable deve ser true ou false');
  if (!(MODALIDADES as readonly string[]).includes(d.modalidade))
    throw new InvalidInput('modalidade', `a modalidade deve ser uma de ${MODALIDADES.join(', ')}`);
  const requestedAt = parseBusinessDate(d.requestedAt, 'requestedAt');
  const connectedAt = parseBusinessDate(d.connectedAt, 'connectedAt');
  if (connectedAt < requestedAt) throw new InvalidInput('connectedAt', 'a conexão não pode ser anterior à solicitação');
  const surplusBase = d.surplusBase ?? 'net';
  if (surplusBase !== 'net' && surplusBase !== 'injected')
    throw new InvalidInput('surplusBase', 'surplusBase deve ser net ou injected');
  const modalidade = d.modalidade as Modalidade;
  // R3 / P3: only emuc and compartilhada may declare all injected energy as excedente.
  if (surplusBase === 'injected' && modalidade !== 'emuc' && modalidade !== 'compartilhada') {
    throw RuleViolation(
      'R3',
      'surplusBase "injected" (todo o injetado como excedente) só vale para emuc e compartilhada',
    );
  }
  // R13 / seed 002: a Grupo A UC billed as Grupo B must itself be the micro/minigerador; it may generate for its own
  // use, but it cannot send excedente to other UCs (ChangeRateio refuses) nor receive any.
  const size = checkSize(watts, d.dispatchable, requestedAt); // R21
  return [
    {
      type: 'GenerationRegistered',
      data: {
        ucId: s.ucId,
        installedKw: formatKw(watts),
        source: d.source as Source,
        dispatchable: d.dispatchable,
        modalidade,
        requestedAt,
        connectedAt,
        surplusBase,
        gdClass: requestClass(requestedAt), // R15
        size,
      },
    },
  ];
}

function addCapacity(d: Extract<UcCommand, { type: 'AddCapacity' }>['data'], s: UcState): UcEvent[] {
  if (!s.generation)
    throw RuleViolation('R16', `a UC ${s.ucId} não tem geração cadastrada à qual acrescentar potência`);
  const added = parseKw(d.addedKw, 'addedKw');
  const requestedAt = parseBusinessDate(d.requestedAt, 'requestedAt');
  const total = s.generation.tranches.reduce((a, t) => a + t.watts, 0n) + added;
  const size = checkSize(total, s.generation.dispatchable, s.generation.tranches[0].requestedAt); // R21
  // R16: the new tranche keeps the class of its own request.
  return [
    {
      type: 'CapacityAdded',
      data: {
        ucId: s.ucId,
        addedKw: formatKw(added),
        requestedAt,
        totalKw: formatKw(total),
        gdClass: requestClass(requestedAt),
        size,
      },
    },
  ];
}

function registerMembers(d: Extract<UcCommand, { type: 'RegisterMembers' }>['data'], s: UcState): UcEvent[] {
  const m = s.generation?.modalidade;
  // R13: only a development (emuc) or a compartilhada generator has members.
  if (m !== 'emuc' && m !== 'compartilhada')
    throw RuleViolation('R13', `a UC ${s.ucId} não é geradora de emuc nem de geração compartilhada`);
  if (typeof d.legalInstrument !== 'string' || d.legalInstrument.trim() === '') {
    throw RuleViolation('R13', 'alterar os membros exige a referência do instrumento jurídico');
  }
  if (!Array.isArray(d.members) || d.members.length === 0)
    throw new InvalidInput('members', 'informe ao menos um membro');
  const members = d.members.map((u, i) => parseUcId(u, `members[${i}]`));
  if (new Set(members).size !== members.length) throw new InvalidInput('members', 'um membro aparece duas vezes');
  return [
    {
      type: 'MembersRegistered',
      data: { ucId: s.ucId, members, legalInstrument: d.legalInstrument.trim(), date: parseBusinessDate(d.date) },
    },
  ];
}

function parseRateio(d: Extract<UcCommand, { type: 'ChangeRateio' }>['data']): Rateio {
  if (d.mode === 'percentage') return { mode: 'percentage', shares: parseShares(d.shares, 'R5') };
  if (d.mode === 'priority') {
    if (!Array.isArray(d.order) || d.order.length === 0)
      throw new InvalidInput('order', 'um rateio por prioridade lista ao menos uma UC');
    const order = d.order.map((u, i) => parseUcId(u, `order[${i}]`));
    if (new Set(order).size !== order.length)
      throw RuleViolation('R6', 'uma UC aparece duas vezes na ordem de prioridade');
    const leftoverUcId =
      d.leftoverUcId === undefined || d.leftoverUcId === null ? undefined : parseUcId(d.leftoverUcId, 'leftoverUcId');
    return leftoverUcId ? { mode: 'priority', order, leftoverUcId } : { mode: 'priority', order };
  }
  throw new InvalidInput('mode', 'o modo deve ser percentage ou priority');
}

function changeRateio(
  d: Extract<UcCommand, { type: 'ChangeRateio' }>['data'],
  context: DecisionContext,
  s: UcState,
): UcEvent[] {
  const requestedAt = parseBusinessDate(d.requestedAt, 'requestedAt');
  const rateio = parseRateio(d);
  if (!s.generation)
    throw RuleViolation('R13', `a UC ${s.ucId} não tem geração cadastrada, então não tem excedente para ratear`);
  if (s.billedAsGroupB)
    throw RuleViolation('R13', `a UC ${s.ucId} é do Grupo A faturada como Grupo B e não pode enviar excedente`);
  const generator = {
    ucId: s.ucId,
    distribuidora: s.distribuidora,
    titularKey: s.titular!.key,
    modalidade: s.generation.modalidade,
    billedAsGroupB: s.billedAsGroupB,
    members: s.members,
  };
  const checked = [];
  for (const ucId of rateioUcIds(rateio)) {
    const f = context.facts?.[ucId];
    if (f) checked.push(f);
    const why = ineligibilityRefusal(generator, ucId, f, context.permissionarias); // R13
    if (why) throw RuleViolation('R13', why);
  }
  // R7: takes effect from the cycle after the first reading dated on or after `requestedAt` (evolve applies it).
  const permissionarias =
    context.permissionarias && Object.keys(context.permissionarias).length
      ? { permissionarias: { ...context.permissionarias } }
      : {};
  return [{ type: 'RateioChanged', data: { ucId: s.ucId, requestedAt, rateio, checked, ...permissionarias } }];
}

/** Every credit and every received-but-unused kWh, as credits (received: vintage = the allocating reading). */
function everythingHeld(s: UcState): CreditLot[] {
  const fromReceived: CreditLot[] = s.received.map((r) => ({
    vintage: r.allocatedOn,
    posto: r.posto,
    gdClass: r.gdClass,
    kwh: r.kwh,
    expiresOn: expiryOf(r.allocatedOn),
    sourceUcId: r.sourceUcId,
    ...cohortField(r.cohort),
  }));
  return addCredits(s.credits, fromReceived);
}

/** "Time": a command dated d first lets the expiries due before d happen. */
function expireBefore(s: UcState, date: BusinessDate): { events: UcEvent[]; alive: CreditLot[] } {
  const lots = everythingHeld(s);
  const { expired, alive } = partitionExpired(lots, date, false);
  const events: UcEvent[] = expired.length
    ? [
        {
          type: 'CreditsExpired',
          data: {
            ucId: s.ucId,
            date,
            lots: expired.map(creditToJson),
            totalKwh: Kwh.sum(expired.map((l) => l.kwh)).toString(),
          },
        },
      ]
    : [];
  return { events, alive };
}

function transferTitularidade(d: Extract<UcCommand, { type: 'TransferTitularidade' }>['data'], s: UcState): UcEvent[] {
  const date = parseBusinessDate(d.date);
  const newTitular = parseTitular(d.newTitular, 'newTitular');
  if (newTitular.document === s.titular!.document)
    throw new StateConflict(`o ${newTitular.kind} informado já é o do titular da UC ${s.ucId}`);
  const { events, alive } = expireBefore(s, date);
  // R18: credits stay with the previous titular, each vintage keeping its expiry; the UC keeps its GD class.
  return [
    ...events,
    {
      type: 'TitularidadeTransferred',
      data: {
        ucId: s.ucId,
        date,
        previousTitular: s.titular!,
        newTitular,
        creditsLeaving: alive.map(creditToJson),
        deadline: addDays(date, REALLOCATION_WINDOW_DAYS), // R20
      },
    },
  ];
}

function closeContract(
  d: Extract<UcCommand, { type: 'CloseContract' }>['data'],
  context: DecisionContext,
  s: UcState,
): UcEvent[] {
  const date = parseBusinessDate(d.date);
  const { events, alive } = expireBefore(s, date);
  const deadline = addDays(date, REALLOCATION_WINDOW_DAYS);
  // R19: the latest distribution requested at least 30 days before d is carried out at d if all its UCs are active.
  const cutoff = addDays(date, -REALLOCATION_WINDOW_DAYS);
  const request = [...s.closureRequests]
    .filter((r) => r.requestedAt <= cutoff)
    .sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : 1))
    .pop();
  const allActive = request?.shares.every((sh) => context.facts?.[sh.ucId]?.status === 'active') ?? false;
  if (request && allActive && alive.length > 0) {
    const weights = request.shares.map((sh) => Percent.parse(sh.percent).units);
    const outcome = request.shares.map((sh) => ({ ucId: sh.ucId, lots: [] as CreditLot[] }));
    for (const lot of alive) {
      splitLargestRemainder(lot.kwh.wh, weights).forEach((wh, i) => {
        if (wh > 0n) outcome[i].lots.push({ ...lot, kwh: Kwh.ofWh(wh) });
      });
    }
    return [
      ...events,
      { type: 'ContractClosed', data: { ucId: s.ucId, date, titular: s.titular!, creditsLeaving: [], deadline } },
      {
        type: 'CreditsReallocated',
        data: {
          ucId: s.ucId,
          rule: 'R19',
          date,
          inputs: { request, facts: request.shares.map((sh) => context.facts![sh.ucId]) },
          outcome: outcome.map((o) => ({ ucId: o.ucId, lots: o.lots.map(creditToJson) })),
        },
      },
    ];
  }
  // R19 → R18: credits held for the titular, with the 30-day window (R20). A distribution that was due but could not
  // be carried out records the facts it compared.
  const checked = request
    ? { checked: request.shares.map((sh) => context.facts?.[sh.ucId]).filter((f): f is UcFacts => f !== undefined) }
    : {};
  return [
    ...events,
    {
      type: 'ContractClosed',
      data: { ucId: s.ucId, date, titular: s.titular!, creditsLeaving: alive.map(creditToJson), deadline, ...checked },
    },
  ];
}

function requestClosureDistribution(
  d: Extract<UcCommand, { type: 'RequestClosureDistribution' }>['data'],
  context: DecisionContext,
  s: UcState,
): UcEvent[] {
  const m = s.generation?.modalidade;
  if (m !== 'emuc' && m !== 'compartilhada')
    throw RuleViolation('R19', `a UC ${s.ucId} não é geradora de emuc nem de geração compartilhada`);
  const requestedAt = parseBusinessDate(d.requestedAt, 'requestedAt');
  const shares = parseShares(d.shares, 'R19');
  for (const sh of shares) {
    if (sh.ucId === s.ucId) throw RuleViolation('R19', 'a UC que encerra não pode receber os próprios créditos');
    if (!s.members.includes(sh.ucId)) throw RuleViolation('R19', `a UC ${sh.ucId} não é membro do empreendimento`);
    const f = context.facts?.[sh.ucId];
    if (f?.status !== 'active') throw RuleViolation('R19', `a UC ${sh.ucId} não está ativa`);
    // R19 (glossary: compensation never crosses the distribuidora): members receive in the generator's area only.
    if (f.distribuidora !== s.distribuidora)
      throw RuleViolation(
        'R19',
        `a UC ${sh.ucId} é atendida pela distribuidora ${f.distribuidora}, não pela ${s.distribuidora}`,
      );
  }
  // The facts compared are recorded, so a replay re-derives the decision.
  const checked = shares.map((sh) => context.facts![sh.ucId]);
  return [{ type: 'ClosureDistributionRequested', data: { ucId: s.ucId, requestedAt, shares, checked } }];
}
