import { Body, Controller, HttpStatus, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { CommandMeta } from '@compensa/application';
import { CommandMetadata } from '../command-meta.decorator';
import type { CommandResponse } from '../command-response';
import { ETagInterceptor } from '../etag.interceptor';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ApiCommand } from '../openapi/api-command.decorator';
import { plainBody } from '../plain-body';
import { IndicateReallocationCommand } from '../verbs/indicate-reallocation.command';
import { IndicateReallocationDto } from './dto/indicate-reallocation.dto';

/** The titular's commands: credits held for a titular (`titular-<distribuidora>-<titular key>`). Operators only. */
@ApiTags('Titular commands')
@Controller('v1/titulares')
@UseInterceptors(IdempotencyInterceptor, ETagInterceptor)
export class TitularesController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':document/reallocations')
  @ApiParam({
    name: 'document',
    description: "The titular's CPF or CNPJ (digits, or the alphanumeric CNPJ upper case; punctuation accepted).",
    example: '52998224725',
  })
  @ApiCommand({
    verb: 'IndicateReallocation',
    summary: 'Indicate where credits held for the titular go',
    description:
      'R20: UCs of the same titular key in the same distribuidora, by percentage, on or before the deadline; ' +
      'after it, refused with R20; with nothing held from the source UC, refused with R14.',
    status: HttpStatus.CREATED,
    body: IndicateReallocationDto,
    example: { sourceUcId: '6001', date: '2025-04-20', shares: [{ ucId: '6002', percent: '100' }] },
  })
  indicateReallocation(
    @Param('document') document: string,
    @Body() body: IndicateReallocationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new IndicateReallocationCommand({ ...plainBody(body), document }, meta));
  }
}
