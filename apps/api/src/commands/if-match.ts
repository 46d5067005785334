import { HttpStatus } from '@nestjs/common';
import { ProblemException, ProblemType } from '../problems/problem-details';

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
      title: 'Bad Request',
      status: HttpStatus.BAD_REQUEST,
      detail: 'If-Match must name one stream revision, as the ETag of a command answer ("5").',
    });
  }
  return Number(match[1]);
}

/** The ETag of a stream revision. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}
