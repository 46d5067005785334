import { HttpException, HttpStatus } from '@nestjs/common';
import { ConcurrencyConflict, ParkedEventNotFound, REFUSAL_STATUS } from '@compensa/application';
import {
  InvalidInput,
  RuleViolationError,
  StateConflict,
  UnknownReading,
  UnknownUc,
} from '@compensa/domain/shared/errors';
import { WrongExpectedRevision } from '@compensa/event-store';
import { ProblemException, ProblemType, statusTitle, type ProblemDetails } from './problem-details';

/**
 * The problem document for anything thrown while serving a request; `null` marks an unexpected error (500). The
 * statuses of refusals are the command side's (`REFUSAL_STATUS`), the same the CLI reports.
 */
export function problemOf(exception: unknown): ProblemDetails | null {
  if (exception instanceof ProblemException) return { ...exception.problem };
  if (exception instanceof RuleViolationError) {
    return {
      type: ProblemType.ruleViolation,
      title: `Recusado pela regra ${exception.rule}`,
      status: REFUSAL_STATUS.ruleViolation,
      detail: exception.detail || exception.message,
      rule: exception.rule,
    };
  }
  if (exception instanceof InvalidInput) {
    // One problem type for every validation error, whether the DTO or the domain found it.
    return {
      type: ProblemType.validationFailed,
      title: statusTitle(REFUSAL_STATUS.invalidInput),
      status: REFUSAL_STATUS.invalidInput,
      detail: exception.detail,
      field: exception.field,
      // Same `errors` member as a DTO validation failure, so a client reads every 422 the same way.
      errors: [{ field: exception.field, message: exception.detail }],
    };
  }
  if (exception instanceof StateConflict) {
    return {
      type: ProblemType.stateConflict,
      title: 'Conflito com o histórico',
      status: REFUSAL_STATUS.stateConflict,
      detail: exception.detail,
    };
  }
  if (exception instanceof WrongExpectedRevision) {
    return {
      type: ProblemType.concurrencyConflict,
      title: 'Alteração concorrente',
      status: REFUSAL_STATUS.concurrencyConflict,
      detail: `O histórico de ${exception.stream} foi alterado enquanto o comando era decidido; recarregue e tente de novo.`,
    };
  }
  if (exception instanceof ConcurrencyConflict) {
    // The command decided again after each lost race and kept losing: the client retries later.
    return {
      type: ProblemType.concurrencyConflict,
      title: 'Alteração concorrente',
      status: REFUSAL_STATUS.concurrencyConflict,
      // Its message is already the sentence (command-result.ts), said once.
      detail: `${exception.message.charAt(0).toUpperCase()}${exception.message.slice(1)}.`,
    };
  }
  if (exception instanceof UnknownUc) {
    return {
      type: ProblemType.unknownUc,
      title: 'UC desconhecida',
      status: REFUSAL_STATUS.unknownUc,
      detail: exception.message,
      ucId: exception.ucId,
    };
  }
  if (exception instanceof UnknownReading) {
    return {
      type: ProblemType.blank,
      title: 'Leitura desconhecida',
      status: REFUSAL_STATUS.unknownReading,
      detail: exception.message,
      ucId: exception.ucId,
    };
  }
  if (exception instanceof ParkedEventNotFound) {
    return {
      type: ProblemType.blank,
      title: statusTitle(HttpStatus.NOT_FOUND),
      status: HttpStatus.NOT_FOUND,
      detail: `Não há evento parado com o id ${exception.parkedId}.`,
    };
  }
  if (exception instanceof HttpException) return problemOfHttpException(exception);
  if (isDatabaseBusy(exception)) {
    // Another process held the SQLite file past the busy timeout: nothing is wrong with the request, and a command
    // sent again is idempotent (its id), so the client retries (Retry-After) rather than reading a 500.
    return {
      type: ProblemType.blank,
      title: statusTitle(HttpStatus.SERVICE_UNAVAILABLE),
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail:
        'O banco de dados embutido estava ocupado com outro processo e a requisição pode não ter sido registrada; envie de novo (um comando com o mesmo id é aplicado uma vez só). Vários processos num mesmo diretório de dados esperam uns pelos outros: use PLATFORM_DB_URL e KurrentDB.',
    };
  }
  return null;
}

/** SQLITE_BUSY or SQLITE_LOCKED from node:sqlite (its errors carry the SQLite result code as `errcode`). */
function isDatabaseBusy(exception: unknown): boolean {
  // Not `instanceof Error`: node's errors come from another realm under jest's VM.
  if (typeof exception !== 'object' || exception === null) return false;
  const { code, errcode } = exception as { code?: unknown; errcode?: unknown };
  return (
    code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number' && ((errcode & 0xff) === 5 || (errcode & 0xff) === 6)
  );
}

/** The problem for a 500: says nothing of the cause (that goes to the log). */
export function internalProblem(): ProblemDetails {
  return {
    type: ProblemType.blank,
    title: statusTitle(HttpStatus.INTERNAL_SERVER_ERROR),
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'Ocorreu um erro inesperado; ele foi registrado no log com o id da requisição.',
  };
}

/** Nest's own exceptions (404 of unknown routes, 401/403 of the guard, those thrown by handlers) keep their status. */
function problemOfHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  const response = exception.getResponse();
  let detail = exception.message;
  if (typeof response === 'string') detail = response;
  else if (response && typeof response === 'object' && 'message' in response) {
    const message = (response as { message: unknown }).message;
    detail = Array.isArray(message) ? message.join('; ') : String(message);
  }
  return { type: ProblemType.blank, title: statusTitle(status), status, detail: nestDetailPtBr(detail) };
}

/** Nest's own English texts that reach a client: its router's 404 (`Cannot GET /x`) and an exception's bare status. */
function nestDetailPtBr(detail: string): string {
  const route = /^Cannot (\S+) (.*)$/s.exec(detail);
  if (route) return `Não há rota ${route[1]} ${route[2]}.`;
  return NEST_DEFAULT_DETAILS.get(detail) ?? detail;
}

/** The message of a Nest HttpException built without one (`new NotFoundException()`): the status's English name. */
const NEST_DEFAULT_DETAILS: ReadonlyMap<string, string> = new Map([
  ['Bad Request', 'A requisição não é válida.'],
  ['Unauthorized', 'É preciso uma chave de API válida.'],
  ['Forbidden', 'O acesso a este recurso não é permitido.'],
  ['Not Found', 'O recurso não foi encontrado.'],
  ['Method Not Allowed', 'Este método não é aceito aqui.'],
  ['Not Acceptable', 'Não há resposta no formato pedido (Accept).'],
  ['Conflict', 'A requisição conflita com o estado atual.'],
  ['Gone', 'O recurso não existe mais.'],
  ['Payload Too Large', 'O corpo da requisição é grande demais.'],
  ['Unsupported Media Type', 'O tipo de conteúdo do corpo não é suportado.'],
  ['Unprocessable Entity', 'Os dados enviados não são válidos.'],
  ['Too Many Requests', 'Requisições demais; tente de novo mais tarde.'],
]);
