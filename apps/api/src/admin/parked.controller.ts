import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { isPermanentFailure, Platform, type ParkedRecord } from '@compensa/application';
import { Roles } from '../auth/roles.decorator';
import { ProblemException, ProblemType, statusTitle } from '../problems/problem-details';
import { ResolveParkedDto } from './dto/resolve-parked.dto';

const ID_PARAM = { name: 'id', description: 'The parked record id (from GET /v1/admin/parked).' };

/**
 * Parked events (operators): deliveries a process manager could not make because a decider refused them. Listed with
 * their error and kWh in transit; retried (the consumer's handler runs again on the event) or resolved by hand with
 * a reason. Both are recorded in the consumer's `parked-<consumer>` stream; nothing is deleted.
 */
@ApiTags('admin')
@Roles('operator')
@Controller('v1/admin/parked')
export class ParkedController {
  constructor(private readonly platform: Platform) {}

  @Get()
  @ApiOperation({ summary: 'List parked events (every status: parked, retried-ok, resolved)' })
  @ApiOkResponse({ description: '{ open, records } — open: how many are still parked' })
  async list(): Promise<{ open: number; records: ParkedRecord[] }> {
    const records = await this.platform.parked.list();
    return { open: records.filter((r) => r.status === 'parked').length, records };
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: "Run the consumer's handler again for a parked event",
    description:
      'retried-ok when delivered; still parked with the new error when refused again; 409 when no longer parked; 503 on a transient failure.',
  })
  @ApiOkResponse({ description: 'the record after the retry' })
  async retry(@Param('id') id: string): Promise<ParkedRecord> {
    try {
      return await this.platform.retryParked(id);
    } catch (err) {
      if (isPermanentFailure(err) || (err as Error).name === 'ParkedEventNotFound') throw err;
      // A transient failure (store busy): nothing was recorded; the operator tries again later.
      throw new ProblemException({
        type: ProblemType.blank,
        title: statusTitle(HttpStatus.SERVICE_UNAVAILABLE),
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: `A nova tentativa falhou por um motivo passageiro e não foi registrada; tente de novo: ${(err as Error).message}`,
      });
    }
  }

  @Post(':id/resolve')
  @HttpCode(HttpStatus.OK)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Settle a parked event by hand, with the reason',
    description: '409 when no longer parked.',
  })
  @ApiOkResponse({ description: 'the resolved record' })
  resolve(@Param('id') id: string, @Body() body: ResolveParkedDto): Promise<ParkedRecord> {
    return this.platform.parked.resolve(id, body.reason.trim());
  }
}
