import type { Role } from './role';

/** Methods that never change state: every role may call them unless `@Roles()` says otherwise. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The access rule for an authenticated caller:
 * - a route with `@Roles(...)` admits exactly those roles;
 * - otherwise GET/HEAD/OPTIONS admit every role (operator and auditor both read),
 *   and any other method (POST, PUT, PATCH, DELETE: commands) admits only `operator`.
 */
export function isAllowed(role: Role, method: string, declaredRoles?: readonly Role[]): boolean {
  if (declaredRoles && declaredRoles.length > 0) return declaredRoles.includes(role);
  return READ_METHODS.has(method.toUpperCase()) || role === 'operator';
}
