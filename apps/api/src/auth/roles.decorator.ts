import { SetMetadata } from '@nestjs/common';
import type { Role } from './role';

/** Metadata key set by `@Roles()`. */
export const ROLES = 'compensa:roles';

/** Only these roles may call the route, whatever its HTTP method (overrides the default access policy). */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);
