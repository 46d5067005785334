import { Body, Controller, Param, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { CommandMeta } from '@compensa/application';
import { CommandMetadata } from '../command-meta.decorator';
import type { CommandResponse } from '../command-response';
import { ETagInterceptor } from '../etag.interceptor';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ApiCommand } from '../openapi/api-command.decorator';
import { PlatformCommand } from '../platform-command';
import { plainBody } from '../plain-body';
import { IndicateReallocationDto } from './dto/indicate-reallocation.dto';

/** The titular's commands: credits held for a titular (`titular-<distribuidora>-<titular key>`). Operators only. */
@ApiTags('Titular commands')
@Controller()
@UseInterceptors(IdempotencyInterceptor, ETagInterceptor)
export class TitularesController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiParam({
    name: 'document',
    description: "The titular's CPF or CNPJ (digits, or the alphanumeric CNPJ upper case; punctuation accepted).",
    example: '52998224725',
  })
  @ApiCommand('IndicateReallocation')
  indicateReallocation(
    @Param('document') document: string,
    @Body() body: IndicateReallocationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new PlatformCommand('IndicateReallocation', { ...plainBody(body), document }, meta));
  }
}
