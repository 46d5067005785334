/** Ids of the rulebook's rules (../shared/domain/RULES.md). */
export type RuleId =
  | 'R1'
  | 'R2'
  | 'R3'
  | 'R4'
  | 'R5'
  | 'R6'
  | 'R7'
  | 'R8'
  | 'R9'
  | 'R10'
  | 'R11'
  | 'R12'
  | 'R13'
  | 'R14'
  | 'R15'
  | 'R16'
  | 'R17'
  | 'R18'
  | 'R19'
  | 'R20'
  | 'R21'
  | 'R22'
  | 'R23'
  | 'R24'
  | 'R25'
  | 'R26'
  | 'R27'
  | 'R28';

/** A business rule refused the command (HTTP 409 with the rule id). Nothing is appended. */
export class RuleViolationError extends Error {
  override readonly name = 'RuleViolation';
  constructor(
    readonly rule: RuleId,
    readonly detail: string,
  ) {
    super(`${rule}: ${detail}`);
  }
}

/** `RuleViolation('R13', detail)`: the refusal of a business rule, named by its id. */
export function RuleViolation(rule: RuleId, detail = ''): RuleViolationError {
  return new RuleViolationError(rule, detail);
}

/** A value that cannot be (bad check digits, negative kWh, > 3 decimals, unknown posto): HTTP 422. */
export class InvalidInput extends Error {
  override readonly name = 'InvalidInput';
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

/**
 * The command conflicts with the stream's history but no rule id applies (a cycle recorded twice or older than
 * the latest, a reading dated before the previous one, registering a UC twice): HTTP 409 without a rule id.
 */
export class StateConflict extends Error {
  override readonly name = 'StateConflict';
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** The command targets a UC that is not registered: HTTP 404. */
export class UnknownUc extends Error {
  override readonly name = 'UnknownUc';
  constructor(readonly ucId: string) {
    super(ucId ? `a UC ${ucId} não está cadastrada` : 'a UC não está cadastrada');
  }
}

/** The command names a reading (a UC's cycle) that was never recorded: HTTP 404. */
export class UnknownReading extends Error {
  override readonly name = 'UnknownReading';
  constructor(
    readonly ucId: string,
    readonly cycle: string,
  ) {
    super(`a UC ${ucId} não tem leitura registrada no ciclo ${cycle}`);
  }
}
