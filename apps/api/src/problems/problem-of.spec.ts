/** The problem documents of errors that are not the request's fault. */
import { HttpStatus, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ConcurrencyConflict, ParkedEventNotFound } from '@compensa/application';
import { InvalidInput, RuleViolation, StateConflict, UnknownReading, UnknownUc } from '@compensa/domain/shared/errors';
import { WrongExpectedRevision } from '@compensa/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ProblemType, statusTitle } from './problem-details';
import { internalProblem, problemOf } from './problem-of';

/** The error node:sqlite throws when another connection holds the file's write lock past the busy timeout. */
function busyError(): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-busy-'));
  const holder = new DatabaseSync(join(dir, 'x.db'));
  const other = new DatabaseSync(join(dir, 'x.db'), { timeout: 0 });
  try {
    holder.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)');
    other.exec('INSERT INTO t VALUES (2)');
    return null;
  } catch (error) {
    return error;
  } finally {
    other.close();
    holder.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('problemOf', () => {
  it('a SQLite file busy with another process is 503 (send again), not 500', () => {
    const error = busyError();
    expect((error as Error).message).toBe('database is locked');
    const problem = problemOf(error);
    expect(problem?.status).toBe(HttpStatus.SERVICE_UNAVAILABLE);
    expect(problem?.title).toBe('Serviço indisponível');
    expect(problem?.detail).toContain('envie de novo');
  });

  it('any other SQLite error stays unexpected (500, logged)', () => {
    const db = new DatabaseSync(':memory:');
    let error: unknown = null;
    try {
      db.exec('SELECT * FROM nothing_here');
    } catch (e) {
      error = e;
    }
    db.close();
    expect(problemOf(error)).toBeNull();
  });

  it('titles the refusals in pt-BR; type, status and rule id stay what clients match on', () => {
    expect(problemOf(RuleViolation('R13', 'o rateio deve somar 100%'))).toEqual({
      type: ProblemType.ruleViolation,
      title: 'Recusado pela regra R13',
      status: 409,
      detail: 'o rateio deve somar 100%',
      rule: 'R13',
    });
    expect(problemOf(new InvalidInput('document', 'dígitos verificadores do CPF não conferem'))).toMatchObject({
      type: ProblemType.validationFailed,
      title: 'Dados inválidos',
      status: 422,
      field: 'document',
    });
    expect(problemOf(new StateConflict('o ciclo 2025-02 já foi registrado'))).toMatchObject({
      type: ProblemType.stateConflict,
      title: 'Conflito com o histórico',
      status: 409,
    });
    expect(problemOf(new WrongExpectedRevision('uc-copel-1001', 4, 5))).toEqual({
      type: ProblemType.concurrencyConflict,
      title: 'Alteração concorrente',
      status: 409,
      detail: 'O histórico de uc-copel-1001 foi alterado enquanto o comando era decidido; recarregue e tente de novo.',
    });
    expect(problemOf(new ConcurrencyConflict('uc-copel-1001', 3))).toMatchObject({
      type: ProblemType.concurrencyConflict,
      title: 'Alteração concorrente',
      detail: expect.stringMatching(
        /^O histórico de uc-copel-1001 foi alterado por outro processo 3 vezes seguidas/,
      ) as unknown,
    });
    expect(problemOf(new UnknownUc('1001'))).toMatchObject({
      type: ProblemType.unknownUc,
      title: 'UC desconhecida',
      status: 404,
      ucId: '1001',
    });
    expect(problemOf(new UnknownReading('1001', '2025-02'))).toMatchObject({
      type: ProblemType.blank,
      title: 'Leitura desconhecida',
      status: 404,
    });
    expect(problemOf(new ParkedEventNotFound('x'))).toMatchObject({
      title: 'Não encontrado',
      status: 404,
      detail: 'Não há evento parado com o id x.',
    });
    expect(internalProblem()).toEqual({
      type: ProblemType.blank,
      title: 'Erro interno do servidor',
      status: 500,
      detail: 'Ocorreu um erro inesperado; ele foi registrado no log com o id da requisição.',
    });
  });

  it("Nest's own exceptions: a pt-BR title by status, and its router's English 404 in pt-BR", () => {
    expect(problemOf(new NotFoundException('Cannot GET /v1/nada'))).toEqual({
      type: ProblemType.blank,
      title: 'Não encontrado',
      status: 404,
      detail: 'Não há rota GET /v1/nada.',
    });
    expect(problemOf(new NotFoundException())).toMatchObject({ detail: 'O recurso não foi encontrado.' });
    expect(problemOf(new UnauthorizedException('A chave de API não é válida.'))).toMatchObject({
      title: 'Não autenticado',
      detail: 'A chave de API não é válida.',
    });
  });

  it('a pt-BR title for every status the API answers, and a generic one for the others', () => {
    const answered = [400, 401, 403, 404, 405, 406, 409, 410, 413, 415, 422, 429, 500, 503];
    const titles = answered.map(statusTitle);
    expect(new Set(titles).size).toBe(answered.length);
    for (const title of titles) expect(title).not.toMatch(/^(Requisição recusada|Erro no servidor)$/);
    expect(statusTitle(418)).toBe('Requisição recusada');
    expect(statusTitle(502)).toBe('Erro no servidor');
  });
});
