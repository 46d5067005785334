/** What the filter answers for a busy embedded database: 503 problem+json with Retry-After. */
import type { ArgumentsHost } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter';

function answer(exception: unknown): { status: number; headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = {};
  const response = {
    headersSent: false,
    statusCode: 200,
    body: '',
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    end(body?: string) {
      this.body = body ?? '';
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ url: '/v1/readings', method: 'POST' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return { status: response.statusCode, headers, body: response.body };
}

describe('ProblemDetailsFilter', () => {
  it('a busy SQLite file: 503 problem+json with Retry-After, so a client sends the command again', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'ERR_SQLITE_ERROR', errcode: 5 });
    const { status, headers, body } = answer(busy);
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('1');
    expect(headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 503, instance: '/v1/readings' });
  });
});
