import { COMMAND_NAMES, isCommandName, VERBS, type CommandName } from '../commands/verb-catalogue';
import { InvalidInput, parseBusinessDate, type BusinessDate } from '@compensa/domain';

/** A parsed line of a simulation file: a platform verb with its body, or the simulation's AdvanceClock. */
export type SimulationLine =
  { kind: 'command'; name: CommandName; body: Record<string, unknown> } | { kind: 'advance'; to: BusinessDate };

/** Parses one JSON Lines line: `{"command": "<name>", ...fields}`. */
export function parseSimulationLine(text: string): SimulationLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MalformedLine('a linha não é JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new MalformedLine('a linha não é um objeto JSON');
  const { command, ...body } = json as { command?: unknown } & Record<string, unknown>;
  if (command === 'AdvanceClock') return { kind: 'advance', to: parseBusinessDate(String(body.to), 'to') };
  if (command === undefined) {
    throw new InvalidInput(
      'command',
      `a linha não tem o campo "command": {"command": "<nome>", ...campos}, com um destes nomes: ${[...COMMAND_NAMES, 'AdvanceClock'].join(', ')}`,
    );
  }
  if (!isCommandName(command)) {
    throw new InvalidInput(
      'command',
      `comando desconhecido ${JSON.stringify(command)}; use um destes: ${[...COMMAND_NAMES, 'AdvanceClock'].join(', ')}`,
    );
  }
  return { kind: 'command', name: command, body };
}

/** A line that is not JSON (HTTP 400). */
export class MalformedLine extends Error {
  override readonly name = 'MalformedLine';
}

/** The business date a command carries ("Time"): the clock never runs behind the latest one seen. */
export function commandBusinessDateOf(name: CommandName, body: Record<string, unknown>): string | null {
  // The verb's catalogue entry names the field.
  const f = VERBS[name].businessDate;
  const v = f ? body[f] : undefined;
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
}
