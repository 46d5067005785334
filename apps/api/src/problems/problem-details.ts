import { HttpException } from '@nestjs/common';
import type { RuleId } from '@compensa/domain/shared/errors';

/** Media type of every error answer (RFC 7807 / RFC 9457). */
export const PROBLEM_JSON = 'application/problem+json';

/** One field that failed validation. */
export interface FieldError {
  /** Dotted path of the field in the request body or query (`readings.0.kwh`). */
  field: string;
  message: string;
}

/** An RFC 7807 problem document, with the extension members this API uses. */
export interface ProblemDetails {
  /** URI naming the kind of problem; `about:blank` when the HTTP status says it all. */
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request path that failed. */
  instance?: string;
  /** Id of the business rule (domain/RULES.md) that refused the command. */
  rule?: RuleId;
  /** The input field at fault (domain InvalidInput). */
  field?: string;
  /** Every field error of a failed validation (422). */
  errors?: FieldError[];
  /** Same as the X-Request-Id header: finds the log lines of this request. */
  requestId?: string;
  /** The UC that is not registered (404). */
  ucId?: string;
}

/** Problem type URIs: stable names, not links (nothing has to be served at them). */
export const ProblemType = {
  blank: 'about:blank',
  ruleViolation: 'urn:compensa:problem:rule-violation',
  /** @deprecated no longer sent: a domain InvalidInput answers `validationFailed` like a DTO failure. */
  invalidInput: 'urn:compensa:problem:invalid-input',
  validationFailed: 'urn:compensa:problem:validation-failed',
  stateConflict: 'urn:compensa:problem:state-conflict',
  concurrencyConflict: 'urn:compensa:problem:concurrency-conflict',
  unknownUc: 'urn:compensa:problem:unknown-uc',
  malformedBody: 'urn:compensa:problem:malformed-body',
  payloadTooLarge: 'urn:compensa:problem:payload-too-large',
} as const;

/**
 * The title of a problem that only its HTTP status names (`about:blank` and the like), in pt-BR: a billing clerk
 * reads it. Clients match on `type` and `status`, never on a title.
 */
const STATUS_TITLES: Readonly<Partial<Record<number, string>>> = {
  400: 'Requisição inválida',
  401: 'Não autenticado',
  403: 'Acesso negado',
  404: 'Não encontrado',
  405: 'Método não permitido',
  406: 'Formato não aceitável',
  409: 'Conflito',
  410: 'Não existe mais',
  413: 'Corpo grande demais',
  415: 'Tipo de conteúdo não suportado',
  422: 'Dados inválidos',
  429: 'Requisições demais',
  500: 'Erro interno do servidor',
  503: 'Serviço indisponível',
};

/** The pt-BR title of an HTTP status; one the API does not answer gets a generic one. */
export function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? 'Erro no servidor' : 'Requisição recusada');
}

/** An HttpException that already knows its problem document (type, title, detail, extensions). */
export class ProblemException extends HttpException {
  constructor(readonly problem: Omit<ProblemDetails, 'instance' | 'requestId'>) {
    super(problem.detail, problem.status);
    this.name = 'ProblemException';
  }
}
