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
    throw new MalformedLine('the line is not JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new MalformedLine('the line is not a JSON object');
  const { command, ...body } = json as { command?: unknown } & Record<string, unknown>;
  if (command === 'AdvanceClock') return { kind: 'advance', to: parseBusinessDate(String(body.to), 'to') };
  if (command === undefined) {
    throw new InvalidInput(
      'command',
      `the line has no "command" field: {"command": "<name>", ...fields}, the name one of ${[...COMMAND_NAMES, 'AdvanceClock'].join(', ')}`,
    );
  }
  if (!isCommandName(command)) {
    throw new InvalidInput(
      'command',
      `unknown command ${JSON.stringify(command)}; one of ${[...COMMAND_NAMES, 'AdvanceClock'].join(', ')}`,
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
