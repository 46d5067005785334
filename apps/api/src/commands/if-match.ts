import { HttpStatus } from '@nestjs/common';
import { ProblemException, ProblemType, statusTitle } from '../problems/problem-details';

/**
 * The stream revision an `If-Match` header names: `"5"`, `W/"5"` or `5` (the ETag this API sends is `"5"`).
 * Absent or `*` (any current state): no condition. Anything else is a 400.
 */
export function expectedRevisionOf(header: string | string[] | undefined): number | undefined {
  const text = (Array.isArray(header) ? header.join(',') : header)?.trim();
  if (text === undefined || text === '' || text === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(text);
  if (!match) {
    throw new ProblemException({
      type: ProblemType.blank,
      title: statusTitle(HttpStatus.BAD_REQUEST),
      status: HttpStatus.BAD_REQUEST,
      detail:
        'O cabeçalho If-Match deve indicar uma única revisão do stream, como o ETag da resposta de um comando ("5").',
    });
  }
  return Number(match[1]);
}

/** The ETag of a stream revision. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}
