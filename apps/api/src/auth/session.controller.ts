import { Controller, Get, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from './principal';
import type { Role } from './role';

/** Who the caller's key is: the dashboard shows the audit trail only to an auditor key. */
@ApiTags('session')
@Controller('v1/session')
export class SessionController {
  @Get()
  @ApiOperation({ summary: "The role of the request's API key (operator or auditor)" })
  session(@Req() request: AuthenticatedRequest): { role: Role | null } {
    return { role: request.principal?.role ?? null };
  }
}
