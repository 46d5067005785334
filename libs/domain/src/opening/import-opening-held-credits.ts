import { InvalidInput, StateConflict } from '../shared/errors';
import type { TitularCommand, TitularEvent, TitularState } from '../titular/titular-decider';
import { addDays, parseBusinessDate } from '../values/business-date';
import { Kwh } from '../values/kwh';
import { parseTitularDocument } from '../values/titular-document';
import { titularKeyOf } from '../values/titular-key';
import { parseUcId } from '../values/uc-id';
import { openingCredits, openingLotsJson, parseOpeningSource } from './opening-lots';

/** R20: the titular has this many calendar days (as REALLOCATION_WINDOW_DAYS of the UC decider). */
const WINDOW_DAYS = 30;

/** The source event id of a titular's opening held credits: one per file and source UC. */
export function openingHeldSourceId(sha256: string, fromUcId: string): string {
  return `opening:${sha256}:${fromUcId}`;
}

/**
 * Credits the legacy system held for a titular after a change of titular (R18) or a closure (R19), with their
 * 30-day state: `open` (the deadline is left-on + 30 days; the titular may still indicate, the default runs the day
 * after), or `held` (the default found no UC: the first UC of the titular registered later picks them up, R20).
 * One `OpeningHeldCreditsImported` on the titular stream; the scheduler and the 30-day process manager then act on
 * it as on credits the platform held.
 */
export function decideImportOpeningHeldCredits(
  d: Extract<TitularCommand, { type: 'ImportOpeningHeldCredits' }>['data'],
  s: TitularState,
): TitularEvent[] {
  const source = parseOpeningSource(d.source);
  const fromUcId = parseUcId(d.fromUcId, 'fromUcId');
  const sourceEventId = openingHeldSourceId(source.sha256, fromUcId);
  // Idempotent by (file, source UC).
  if (s.sources.includes(sourceEventId)) return [];
  if (typeof d.distribuidora !== 'string' || !/^[a-z0-9_]{2,40}$/.test(d.distribuidora))
    throw new InvalidInput(
      'distribuidora',
      'o código da distribuidora deve ter de 2 a 40 letras minúsculas, dígitos ou _',
    );
  if (!d.titular || typeof d.titular !== 'object')
    throw new InvalidInput('titular', 'o titular {document, name} é obrigatório');
  const doc = parseTitularDocument(d.titular.document, 'titular.document');
  if (typeof d.titular.name !== 'string' || d.titular.name.trim() === '')
    throw new InvalidInput('titular.name', 'o nome é obrigatório');
  const titular = { document: doc.value, kind: doc.kind, name: d.titular.name.trim(), key: titularKeyOf(doc) };
  if (d.rule !== 'R18' && d.rule !== 'R19')
    throw new InvalidInput('rule', 'a regra deve ser R18 (troca de titularidade) ou R19 (encerramento)');
  const date = parseBusinessDate(d.date, 'date');
  const leftOn = parseBusinessDate(d.leftOn, 'leftOn');
  if (leftOn > date)
    throw new InvalidInput('leftOn', `os créditos saíram da UC em ${leftOn}, depois da importação (${date})`);
  // R20: the deadline is the day the credits left + 30 calendar days.
  const deadline = addDays(leftOn, WINDOW_DAYS);
  if (d.status !== 'open' && d.status !== 'held')
    throw new InvalidInput(
      'status',
      'a situação dos 30 dias deve ser aberto (open: no prazo ou aguardando a destinação automática) ou mantido (held)',
    );
  let defaultedOn: string | null = null;
  if (d.status === 'held') {
    // R20: the default runs on the first day after the deadline.
    const on =
      d.defaultedOn === undefined || d.defaultedOn === null
        ? addDays(deadline, 1)
        : parseBusinessDate(d.defaultedOn, 'defaultedOn');
    if (on <= deadline)
      throw new InvalidInput('defaultedOn', `a destinação automática deve ser depois do prazo (${deadline})`);
    if (on > date)
      throw new InvalidInput(
        'status',
        `mantido após a destinação automática de ${on}, depois da data da importação (${date})`,
      );
    defaultedOn = on;
  }
  if (s.windows.some((w) => w.fromUcId === fromUcId && w.status !== 'moved'))
    throw new StateConflict(`os créditos da UC ${fromUcId} já estão mantidos para o titular ${titular.key}`);
  const lots = openingCredits(d.lots, date, 'lots');
  if (lots.length === 0) throw new InvalidInput('lots', 'créditos mantidos precisam de ao menos um lote com kWh');
  return [
    {
      type: 'OpeningHeldCreditsImported',
      data: {
        distribuidora: d.distribuidora,
        titular,
        fromUcId,
        rule: d.rule,
        leftOn,
        deadline,
        status: d.status,
        defaultedOn,
        date,
        source,
        sourceEventId,
        lots: openingLotsJson(lots),
        totalKwh: Kwh.sum(lots.map((l) => l.kwh)).toString(),
      },
    },
  ];
}
