/**
 * The API's foundation end to end: the real app (SQLite event store in a temp dir, generated keys) on a random port,
 * plus a probe controller mounted by this test only, which stands in for the command endpoints to come.
 */
import 'reflect-metadata';
import { Body, Controller, Get, Logger, Param, Post, Req } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { InvalidInput, RuleViolation, UnknownUc } from '@compensa/domain/shared/errors';
import { WrongExpectedRevision } from '@compensa/event-store';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthenticatedRequest } from '../../apps/api/src/auth/principal';
import { Roles } from '../../apps/api/src/auth/roles.decorator';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig, type ApiConfig } from '../../apps/api/src/config';

class ProbeCommand {
  @IsString()
  @MinLength(1)
  name!: string;

  @IsInt()
  @Min(0)
  @Max(100)
  percent!: number;
}

@Controller('probe')
class ProbeController {
  private readonly logger = new Logger('Probe');

  @Get()
  read(@Req() request: AuthenticatedRequest): { role: string | undefined } {
    return { role: request.principal?.role };
  }

  @Post()
  command(@Body() body: ProbeCommand): { accepted: ProbeCommand; isInstance: boolean } {
    return { accepted: body, isInstance: body instanceof ProbeCommand };
  }

  @Post('audit')
  @Roles('operator', 'auditor')
  audit(): { audited: true } {
    return { audited: true };
  }

  @Post('rule')
  rule(): never {
    throw RuleViolation('R13', 'the rateio must sum to 100%');
  }

  @Get('uc/:id')
  uc(@Param('id') id: string): never {
    throw new UnknownUc(id);
  }

  @Get('invalid')
  invalid(): never {
    throw new InvalidInput('document', 'CPF check digits do not match');
  }

  @Get('conflict')
  conflict(): never {
    throw new WrongExpectedRevision('uc-coelba-123', 4, 5);
  }

  @Get('boom')
  boom(): never {
    throw new Error('database exploded at 295.379.955-93');
  }

  @Get('log/:document')
  log(@Param('document') document: string): { logged: true } {
    this.logger.log(`titular ${document} looked up`);
    return { logged: true };
  }
}

/** A running app, its base URL and the log lines it wrote. */
interface Running {
  app: NestExpressApplication;
  url: string;
  logs: string[];
}

async function start(config: ApiConfig): Promise<Running> {
  const logs: string[] = [];
  const app = await createApp(config, {
    extraControllers: [ProbeController],
    logDestination: { write: (line: string) => void logs.push(line) },
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, logs };
}

describe('API foundation (e2e)', () => {
  let dataDir: string;
  let config: ApiConfig;
  let running: Running;
  let operatorKey: string;
  let auditorKey: string;

  const call = (path: string, init: RequestInit & { key?: string } = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (init.key !== undefined) headers.set('Authorization', `Bearer ${init.key}`);
    return fetch(`${running.url}${path}`, { ...init, headers });
  };
  const postJson = (path: string, body: string, key?: string): Promise<Response> =>
    call(path, { method: 'POST', body, key, headers: { 'Content-Type': 'application/json' } });

  const expectProblem = async (response: Response, status: number): Promise<Record<string, unknown>> => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({
      status,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
    expect(typeof problem.instance).toBe('string');
    return problem;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-api-'));
    config = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' });
    running = await start(config);
    operatorKey = readFileSync(join(dataDir, 'operator.key'), 'utf8').trim();
    auditorKey = readFileSync(join(dataDir, 'auditor.key'), 'utf8').trim();
  });

  afterAll(async () => {
    await running?.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('first start of the embedded default', () => {
    it('generates an operator and an auditor key, plaintext 0600 once, hashes in api-keys.json', () => {
      expect(operatorKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(auditorKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(operatorKey).not.toBe(auditorKey);
      for (const file of ['operator.key', 'auditor.key', 'api-keys.json']) {
        expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
      }
      const stored = readFileSync(join(dataDir, 'api-keys.json'), 'utf8');
      expect(stored).not.toContain(operatorKey);
      expect(stored).not.toContain(auditorKey);
      expect(JSON.parse(stored).keys.map((k: { role: string }) => k.role)).toEqual(['operator', 'auditor']);
    });

    it('logs where the keys are, never the keys', () => {
      const log = running.logs.join('');
      expect(log).toContain(join(dataDir, 'operator.key'));
      expect(log).not.toContain(operatorKey);
      expect(log).not.toContain(auditorKey);
    });
  });

  describe('/health', () => {
    it('answers 200 with terminus JSON, without a key', async () => {
      const response = await call('/health');
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ok',
        info: { eventStore: { status: 'up', headPosition: null } },
      });
    });
  });

  describe('authentication and roles', () => {
    it('401 without a key, as problem+json with a WWW-Authenticate challenge', async () => {
      const response = await call('/probe');
      expect(await expectProblem(response, 401)).toMatchObject({
        title: 'Não autenticado',
        detail: 'É preciso uma chave de API: cabeçalho "Authorization: Bearer <chave>" ou "X-Api-Key: <chave>".',
      });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('401 with an unknown key, by either header', async () => {
      expect(await expectProblem(await call('/probe', { key: 'not-a-key' }), 401)).toMatchObject({
        detail: 'A chave de API não é válida.',
      });
      await expectProblem(await call('/probe', { headers: { 'X-Api-Key': `${operatorKey}x` } }), 401);
      await expectProblem(await call('/probe', { headers: { Authorization: `Basic ${operatorKey}` } }), 401);
    });

    it('both roles read (GET)', async () => {
      expect(await (await call('/probe', { key: auditorKey })).json()).toEqual({ role: 'auditor' });
      const byHeader = await call('/probe', { headers: { 'X-Api-Key': operatorKey } });
      expect(await byHeader.json()).toEqual({ role: 'operator' });
    });

    it('403 for an auditor on a command (POST); the operator passes', async () => {
      const body = JSON.stringify({ name: 'x', percent: 40 });
      const refused = await expectProblem(await postJson('/probe', body, auditorKey), 403);
      expect(refused).toMatchObject({
        title: 'Acesso negado',
        detail: 'O perfil "auditor" não pode usar POST neste recurso.',
      });
      const accepted = await postJson('/probe', body, operatorKey);
      expect(accepted.status).toBe(201);
      expect(await accepted.json()).toEqual({ accepted: { name: 'x', percent: 40 }, isInstance: true });
    });

    it('@Roles() overrides the method rule: an auditor may POST where the route admits auditors', async () => {
      expect((await postJson('/probe/audit', '{}', auditorKey)).status).toBe(201);
    });

    it('unknown routes answer 404 problem+json', async () => {
      const problem = await expectProblem(await call('/nowhere', { key: operatorKey }), 404);
      expect(problem).toMatchObject({
        type: 'about:blank',
        title: 'Não encontrado',
        detail: 'Não há rota GET /nowhere.',
        instance: '/nowhere',
      });
    });
  });

  describe('problem+json', () => {
    it('400 for malformed JSON, without echoing the body', async () => {
      const response = await postJson('/probe', '{"name": 295.379.955-93', operatorKey);
      const problem = await expectProblem(response, 400);
      expect(problem).toMatchObject({
        type: 'urn:compensa:problem:malformed-body',
        title: 'JSON malformado',
        detail: 'O corpo da requisição não é um JSON válido.',
      });
      // The request id is a random UUID that may hold any digits: only the rest must not echo the body.
      const { requestId: _requestId, ...echoable } = problem;
      expect(JSON.stringify(echoable)).not.toContain('295.379');
      // The body parser runs after the request logger: even this answer carries the request id.
      expect(problem.requestId).toBe(response.headers.get('x-request-id'));
    });

    it('413 beyond the body limit', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(config.bodyLimitBytes), percent: 1 });
      const problem = await expectProblem(await postJson('/probe', big, operatorKey), 413);
      expect(problem).toMatchObject({
        type: 'urn:compensa:problem:payload-too-large',
        title: 'Corpo grande demais',
        detail: `O corpo da requisição passa de ${config.bodyLimitBytes} bytes.`,
      });
    });

    it('422 with every field error when the DTO does not validate', async () => {
      const problem = await expectProblem(
        await postJson('/probe', JSON.stringify({ name: '', percent: 101 }), operatorKey),
        422,
      );
      expect(problem.type).toBe('urn:compensa:problem:validation-failed');
      expect(problem.title).toBe('Dados inválidos');
      // class-validator's default messages, in pt-BR.
      expect(problem.errors).toEqual([
        { field: 'name', message: 'name deve ter pelo menos 1 caractere' },
        { field: 'percent', message: 'percent deve ser no máximo 100' },
      ]);
      expect(problem.detail).toBe('name deve ter pelo menos 1 caractere; percent deve ser no máximo 100');
    });

    it('422 for a property the DTO does not declare (forbidNonWhitelisted)', async () => {
      const body = JSON.stringify({ name: 'x', percent: 1, extra: true });
      const problem = await expectProblem(await postJson('/probe', body, operatorKey), 422);
      expect(problem.errors).toEqual([{ field: 'extra', message: 'o campo extra não é permitido' }]);
    });

    it('409 with the rule id for a RuleViolation', async () => {
      const problem = await expectProblem(await postJson('/probe/rule', '{}', operatorKey), 409);
      expect(problem).toMatchObject({
        type: 'urn:compensa:problem:rule-violation',
        title: 'Recusado pela regra R13',
        rule: 'R13',
        detail: 'the rateio must sum to 100%',
        instance: '/probe/rule',
      });
    });

    it('404 for UnknownUc', async () => {
      const problem = await expectProblem(await call('/probe/uc/0042', { key: auditorKey }), 404);
      expect(problem).toMatchObject({
        type: 'urn:compensa:problem:unknown-uc',
        title: 'UC desconhecida',
        ucId: '0042',
      });
      expect(problem.rule).toBeUndefined();
    });

    it('422 with the field for InvalidInput', async () => {
      const problem = await expectProblem(await call('/probe/invalid', { key: auditorKey }), 422);
      expect(problem).toMatchObject({
        type: 'urn:compensa:problem:validation-failed',
        title: 'Dados inválidos',
        field: 'document',
      });
    });

    it('409 without a rule for WrongExpectedRevision', async () => {
      const problem = await expectProblem(await call('/probe/conflict', { key: auditorKey }), 409);
      expect(problem).toMatchObject({
        type: 'urn:compensa:problem:concurrency-conflict',
        title: 'Alteração concorrente',
        detail:
          'O histórico de uc-coelba-123 foi alterado enquanto o comando era decidido; recarregue e tente de novo.',
      });
      expect(problem.rule).toBeUndefined();
    });

    it('500 says nothing of the cause, which is logged with its stack (documents masked)', async () => {
      const problem = await expectProblem(await call('/probe/boom', { key: auditorKey }), 500);
      expect(JSON.stringify(problem)).not.toContain('exploded');
      expect(problem).toMatchObject({
        title: 'Erro interno do servidor',
        detail: 'Ocorreu um erro inesperado; ele foi registrado no log com o id da requisição.',
      });
      const line = running.logs.find((l) => l.includes('database exploded'));
      expect(line).toBeDefined();
      expect(JSON.parse(line as string).err.stack).toContain('ProbeController.boom');
      expect(line).toContain('***.***.***-**');
      expect(line).not.toContain('295.379.955-93');
    });
  });

  describe('logging', () => {
    it('masks documents and never writes the key headers', async () => {
      const response = await call('/probe/log/29537995593', { headers: { 'X-Api-Key': operatorKey } });
      expect(response.status).toBe(200);
      await call('/probe', { key: auditorKey });
      const log = running.logs.join('');
      expect(log).toContain('titular *********** looked up');
      expect(log).toContain('/probe/log/***********');
      expect(log).not.toContain('29537995593');
      expect(log).not.toContain(operatorKey);
      expect(log).not.toContain(auditorKey);
      const lines = running.logs.map((l) => JSON.parse(l) as { req?: { id?: string } });
      expect(lines.some((l) => l.req?.id === response.headers.get('x-request-id'))).toBe(true);
    });
  });

  describe('OpenAPI', () => {
    it('serves /docs-json and /docs without a key, with the API-key schemes', async () => {
      const response = await call('/docs-json');
      expect(response.status).toBe(200);
      const document = (await response.json()) as {
        components: { securitySchemes: Record<string, unknown> };
        security: unknown[];
        paths: Record<string, Record<string, { security?: unknown[] }>>;
      };
      expect(document.components.securitySchemes).toMatchObject({
        'api-key': { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        bearer: { type: 'http', scheme: 'bearer' },
      });
      expect(document.security).toEqual([{ 'api-key': [] }, { bearer: [] }]);
      expect(document.paths['/health'].get.security).toEqual([{}]);
      expect((await call('/docs')).status).toBe(200);
    });
  });

  describe('second start on the same data directory', () => {
    it('reuses the stored keys and generates none', async () => {
      const before = readFileSync(join(dataDir, 'api-keys.json'), 'utf8');
      await running.app.close();
      running = await start(config);
      expect(readFileSync(join(dataDir, 'api-keys.json'), 'utf8')).toBe(before);
      expect(readFileSync(join(dataDir, 'operator.key'), 'utf8').trim()).toBe(operatorKey);
      expect(await (await call('/probe', { key: operatorKey })).json()).toEqual({ role: 'operator' });
      expect(running.logs.join('')).not.toContain('first start');
    });
  });
});
