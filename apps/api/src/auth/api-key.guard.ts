import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingHttpHeaders } from 'node:http';
import { isAllowed } from './access-policy';
import { ApiKeyRegistry } from './api-key-registry';
import type { AuthenticatedRequest } from './principal';
import { IS_PUBLIC } from './public.decorator';
import type { Role } from './role';
import { ROLES } from './roles.decorator';

/** The global guard: every route needs a valid API key (401) of a role the route admits (403), unless `@Public()`. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: ApiKeyRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = presentedKey(request.headers);
    if (presented === undefined) {
      throw new UnauthorizedException(
        'É preciso uma chave de API: cabeçalho "Authorization: Bearer <chave>" ou "X-Api-Key: <chave>".',
      );
    }
    const principal = this.registry.authenticate(presented);
    if (!principal) throw new UnauthorizedException('A chave de API não é válida.');

    const declared = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (!isAllowed(principal.role, request.method ?? 'GET', declared)) {
      throw new ForbiddenException(`O perfil "${principal.role}" não pode usar ${request.method} neste recurso.`);
    }
    request.principal = principal;
    return true;
  }
}

/** The key from `Authorization: Bearer <key>`, else from `X-Api-Key`; undefined when neither carries one. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(headers.authorization ?? '');
  if (bearer) return bearer[1];
  const header = headers['x-api-key'];
  const apiKey = (Array.isArray(header) ? header[0] : header)?.trim();
  return apiKey ? apiKey : undefined;
}
