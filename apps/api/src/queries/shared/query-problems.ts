import { HttpStatus } from '@nestjs/common';
import { ProblemException, ProblemType, statusTitle } from '../../problems/problem-details';
import { RequestValidationError } from '../../problems/request-validation.error';

/** Problem type of a titular that no UC and no held credit names. */
export const UNKNOWN_TITULAR = 'urn:compensa:problem:unknown-titular';
/** Problem type of a resource the read models do not hold (a cycle with no statement). */
export const NOT_IN_READ_MODEL = 'urn:compensa:problem:not-found';

/** 404: the read models know no UC with this number. */
export function unknownUcProblem(ucId: string): ProblemException {
  return new ProblemException({
    type: ProblemType.unknownUc,
    title: 'UC desconhecida',
    status: HttpStatus.NOT_FOUND,
    detail: `A UC ${ucId} não está cadastrada (ou as consultas ainda não foram atualizadas).`,
    ucId,
  });
}

/** 404: neither a UC nor held credits belong to this titular. */
export function unknownTitularProblem(titularKey: string): ProblemException {
  return new ProblemException({
    type: UNKNOWN_TITULAR,
    title: 'Titular desconhecido',
    status: HttpStatus.NOT_FOUND,
    detail: `Nenhuma UC e nenhum crédito mantido pertencem ao titular ${titularKey}.`,
  });
}

/** 404 for anything else the read models do not hold. */
export function notFoundProblem(detail: string): ProblemException {
  return new ProblemException({
    type: NOT_IN_READ_MODEL,
    title: statusTitle(HttpStatus.NOT_FOUND),
    status: HttpStatus.NOT_FOUND,
    detail,
  });
}

/**
 * Runs a paged query; a cursor it cannot decode (RangeError from the projections' keyset pages) is the caller's
 * fault: 422 on `cursor`.
 */
export async function withCursor<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (error instanceof RangeError && /cursor/.test(error.message)) {
      throw new RequestValidationError([{ field: 'cursor', message: 'cursor não é um nextCursor desta lista' }]);
    }
    throw error;
  }
}
