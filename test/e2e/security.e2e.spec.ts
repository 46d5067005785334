/**
 * The API's defences end to end: every command route refuses callers without a key (401) and auditors (403), found by
 * walking the Nest router and checked against the OpenAPI document; the body size limit; the per-key rate limit;
 * helmet's security headers on the API, /docs and the dashboard; and logs free of keys and documents.
 */
import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC } from '../../apps/api/src/auth/public.decorator';
import { ROLES } from '../../apps/api/src/auth/roles.decorator';
import type { Role } from '../../apps/api/src/auth/role';
import { maskDocuments } from '../../apps/api/src/logging/mask-documents';
import { RATE_LIMITED } from '../../apps/api/src/security/rate-limit.guard';
import { AUDITOR_KEY, OPERATOR_KEY, operatorHeaders, startApi, type RunningApi } from '../support/running-api';

/** A route as the Nest router holds it. */
interface Route {
  method: string;
  /** Express-style path (`/v1/ucs/:ucId/readings`). */
  path: string;
  isPublic: boolean;
  roles?: Role[];
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every route of every controller mounted in the app, read from the metadata the Nest router is built from. */
function routesOf(app: RunningApi['app']): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const metadata = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as T | undefined;
        routes.push({
          method: RequestMethod[method],
          path: `/${[prefix, path]
            .map((p) => p.replace(/^\/+|\/+$/g, ''))
            .filter(Boolean)
            .join('/')}`,
          isPublic: metadata<boolean>(IS_PUBLIC) === true,
          roles: metadata<Role[]>(ROLES),
        });
      }
    }
  }
  return routes;
}

/** A command route: it changes state, needs a key, and does not admit auditors. */
const isCommand = (r: Route): boolean =>
  WRITE_METHODS.has(r.method) && !r.isPublic && !(r.roles ?? []).includes('auditor');

const problemOf = async (response: Response): Promise<Record<string, unknown>> => {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as Record<string, unknown>;
};

describe('security (e2e)', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'trace' });
  });
  afterAll(async () => api?.close());

  describe('authentication and roles on every command route', () => {
    it('finds the command routes in the router, and they are exactly the write operations of the OpenAPI document', async () => {
      const commands = routesOf(api.app).filter(isCommand);
      // The 11 verbs of the command API at least; more is fine (new routes are covered automatically).
      expect(commands.length).toBeGreaterThanOrEqual(11);
      const document = (await (await fetch(`${api.url}/docs-json`)).json()) as {
        paths: Record<string, Record<string, { security?: unknown[] }>>;
      };
      // `[{}]` marks a public operation (@Public()); the others inherit the document's API-key requirement.
      const isPublic = (operation: { security?: unknown[] }) => JSON.stringify(operation.security) === '[{}]';
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations)
          .filter(([method, operation]) => WRITE_METHODS.has(method.toUpperCase()) && !isPublic(operation))
          .map(([method]) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
      const documentedPublic = Object.values(document.paths)
        .flatMap((operations) => Object.values(operations))
        .filter(isPublic).length;
      const routed = commands.map((r) => `${r.method} ${r.path}`);
      // The two views agree: no command route left out of the document, no documented write left unguarded.
      expect(documented.filter((d) => !routed.includes(d))).toEqual([]);
      expect(routed.filter((r) => !documented.includes(r))).toEqual([]);
      expect(documentedPublic).toBeGreaterThan(0);
    });

    it('answers 401 without a key or with an unknown one, 403 to the auditor, and appends nothing', async () => {
      await api.platform.waitForIdle();
      const head = await api.store.headPosition();
      const commands = routesOf(api.app).filter(isCommand);
      for (const route of commands) {
        const url = `${api.url}${route.path.replace(/:\w+/g, '1001')}`;
        const body = JSON.stringify({});
        const send = (headers: Record<string, string>) =>
          fetch(url, { method: route.method, headers: { 'Content-Type': 'application/json', ...headers }, body });
        const anonymous = await send({});
        expect({ route: route.path, status: anonymous.status }).toEqual({ route: route.path, status: 401 });
        expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect((await problemOf(anonymous)).status).toBe(401);
        const unknown = await send({ 'X-Api-Key': `${OPERATOR_KEY}-not` });
        expect({ route: route.path, status: unknown.status }).toEqual({ route: route.path, status: 401 });
        await problemOf(unknown);
        const auditor = await send({ Authorization: `Bearer ${AUDITOR_KEY}` });
        expect({ route: route.path, status: auditor.status }).toEqual({ route: route.path, status: 403 });
        expect((await problemOf(auditor)).status).toBe(403);
      }
      await api.platform.waitForIdle();
      expect(await api.store.headPosition()).toBe(head);
    });
  });

  describe('body size limit', () => {
    const big = (bytes: number) =>
      JSON.stringify({
        ucId: '7001',
        distribuidora: 'copel',
        titular: { document: '529.982.247-25', name: 'x'.repeat(bytes) },
        group: 'B',
        connection: 'monofasico',
        postos: ['unico'],
        registeredAt: '2025-01-02',
      });

    it('refuses a body over 256 kB with 413 problem+json, and appends nothing', async () => {
      const head = await api.store.headPosition();
      const response = await fetch(`${api.url}/v1/ucs`, {
        method: 'POST',
        headers: operatorHeaders(),
        body: big(256 * 1024 + 1),
      });
      expect(response.status).toBe(413);
      expect((await problemOf(response)).type).toBe('urn:compensa:problem:payload-too-large');
      expect(await api.store.headPosition()).toBe(head);
    });

    it('counts the bytes of a chunked body too (no Content-Length to trust)', async () => {
      const head = await api.store.headPosition();
      const text = new TextEncoder().encode(big(300 * 1024));
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < text.length; i += 16 * 1024) controller.enqueue(text.subarray(i, i + 16 * 1024));
          controller.close();
        },
      });
      const response = await fetch(`${api.url}/v1/ucs`, {
        method: 'POST',
        headers: operatorHeaders(),
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(413);
      await problemOf(response);
      expect(await api.store.headPosition()).toBe(head);
    });
  });

  describe('security headers', () => {
    const expectHeaders = (response: Response) => {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-powered-by')).toBeNull();
    };

    it('/docs answers 200 with the headers, and swagger-ui runs under the CSP (no inline script)', async () => {
      const response = await fetch(`${api.url}/docs`);
      expect(response.status).toBe(200);
      expectHeaders(response);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, code] of scripts) {
        // script-src 'self': only same-origin files run.
        expect(code.trim()).toBe('');
        const src = /src=["']([^"']+)["']/.exec(attributes)?.[1];
        expect(src).toBeDefined();
        expect(src).not.toMatch(/^(https?:)?\/\//);
        // Resolved as the browser does, against the page's URL.
        const script = await fetch(new URL(src!, `${api.url}/docs`));
        expect(script.status).toBe(200);
      }
      expect((await fetch(`${api.url}/docs-json`)).status).toBe(200);
    });

    it('API answers carry them too: a problem document and the health check', async () => {
      const refused = await fetch(`${api.url}/v1/ucs`, { method: 'POST' });
      expect(refused.status).toBe(401);
      expectHeaders(refused);
      expectHeaders(await fetch(`${api.url}/health`));
    });

    it('the dashboard at / loads only same-origin scripts, under a CSP with script-src self', async () => {
      const response = await fetch(`${api.url}/`);
      if (response.status === 404) {
        // Not built in this tree (`npm run build` builds it): the 404 still carries the headers.
        expectHeaders(response);
        return;
      }
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
      const html = await response.text();
      for (const [, attributes, code] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
        expect(code.trim()).toBe('');
        expect(/src=["']([^"']+)["']/.exec(attributes)?.[1]).not.toMatch(/^(https?:)?\/\//);
      }
    });
  });

  describe('logs', () => {
    it('never hold an API key nor an unmasked CPF/CNPJ, whatever the command, its answer or the log level', async () => {
      const documents = {
        cpfPunctuated: '529.982.247-25',
        cpfBare: '11144477735',
        cnpjPunctuated: '11.222.333/0001-81',
        cnpjBare: '45723174000110',
        cnpjAlphanumeric: '12ABC34501DE35',
      };
      const send = (method: string, path: string, body: unknown, headers = operatorHeaders()) =>
        fetch(`${api.url}${path}`, { method, headers, body: JSON.stringify(body) });
      const register = (ucId: string, document: string) =>
        send('POST', '/v1/ucs', {
          ucId,
          distribuidora: 'copel',
          titular: { document, name: `Titular ${document}` },
          group: 'B',
          connection: 'monofasico',
          postos: ['unico'],
          registeredAt: '2025-01-02',
        });
      const statuses: number[] = [];
      let ucId = 7100;
      for (const document of Object.values(documents)) statuses.push((await register(String(ucId++), document)).status);
      // The same key as X-Api-Key, a refused key, a bad check digit, a document in the path, a transfer.
      statuses.push((await register('7190', '529.982.247-24')).status);
      statuses.push(
        (await send('POST', '/v1/ucs', {}, { 'X-Api-Key': OPERATOR_KEY, 'Content-Type': 'application/json' })).status,
      );
      statuses.push(
        (
          await send(
            'POST',
            '/v1/ucs',
            {},
            { Authorization: `Bearer ${AUDITOR_KEY}`, 'Content-Type': 'application/json' },
          )
        ).status,
      );
      statuses.push(
        (
          await send('POST', `/v1/titulares/${documents.cpfBare}/reallocations`, {
            sourceUcId: '7101',
            date: '2025-03-10',
            shares: [{ ucId: '7101', percent: '100' }],
          })
        ).status,
      );
      statuses.push(
        (
          await send('POST', '/v1/ucs/7100/titularidade', {
            newTitular: { document: documents.cnpjPunctuated, name: 'Nova' },
            date: '2025-03-01',
          })
        ).status,
      );
      statuses.push(
        (await fetch(`${api.url}/v1/audit/titulares/${documents.cnpjBare}`, { headers: operatorHeaders() })).status,
      );
      expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
      expect(statuses.slice(5, 8)).toEqual([422, 422, 403]);
      await api.platform.waitForIdle();

      const log = api.logs.join('');
      expect(api.logs.length).toBeGreaterThan(20);
      for (const key of [OPERATOR_KEY, AUDITOR_KEY]) expect(log).not.toContain(key);
      for (const document of [...Object.values(documents), '529.982.247-24', '52998224724']) {
        expect(log).not.toContain(document);
        expect(log).not.toContain(document.replace(/[./-]/g, ''));
      }
      // Nothing shaped like a document survives anywhere (the same shapes the masker knows).
      for (const line of api.logs) expect(maskDocuments(line)).toBe(line);
      // The requests were logged, masked.
      expect(log).toContain('/v1/titulares/***********/reallocations');
    });
  });
});

describe('rate limit (e2e, COMPENSA_RATE_LIMIT=5)', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ COMPENSA_RATE_LIMIT: '5' });
  });
  afterAll(async () => api?.close());

  const burst = (count: number, headers: Record<string, string>) =>
    Promise.all(
      Array.from({ length: count }, () =>
        fetch(`${api.url}/v1/ucs/9999/readings`, { method: 'POST', headers, body: JSON.stringify({ cycle: 'x' }) }),
      ),
    );

  it('lets 5 requests a second through per key, then answers 429 problem+json with Retry-After; other keys keep theirs', async () => {
    const head = await api.store.headPosition();
    const answers = await burst(8, operatorHeaders());
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429, 429, 429]);
    for (const refused of answers.filter((a) => a.status === 429)) {
      // Seconds until the 1-second window ends, rounded up.
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await problemOf(refused)).toMatchObject({ type: RATE_LIMITED, status: 429, title: 'Requisições demais' });
    }
    // Another key has its own budget: the auditor is refused for its role, not for the operator's traffic.
    const auditor = await burst(1, { Authorization: `Bearer ${AUDITOR_KEY}`, 'Content-Type': 'application/json' });
    expect(auditor[0].status).toBe(403);
    expect(await api.store.headPosition()).toBe(head);
  });

  it('limits requests without a valid key by client IP, before authentication (guessing keys is limited too)', async () => {
    const answers = await burst(8, { 'X-Api-Key': 'guess', 'Content-Type': 'application/json' });
    expect(answers.map((a) => a.status).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it('gives the budget back when the second is over', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const answers = await burst(5, operatorHeaders());
    expect(answers.map((a) => a.status)).toEqual([422, 422, 422, 422, 422]);
  });
});
