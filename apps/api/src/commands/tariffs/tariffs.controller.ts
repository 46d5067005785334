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
import { postoMap } from '../dto/posto-map';
import { plainBody } from '../plain-body';
import { PublishTariffDto } from './dto/publish-tariff.dto';

/** The distribuidora's tariffs (`tariff-<distribuidora>`). Operators only. */
@ApiTags('Tariff commands')
@Controller()
@UseInterceptors(IdempotencyInterceptor, ETagInterceptor)
export class TariffsController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiParam({ name: 'distribuidora', description: 'The distribuidora code.', example: 'copel' })
  @ApiCommand('PublishTariff')
  publishTariff(
    @Param('distribuidora') distribuidora: string,
    @Body() body: PublishTariffDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    const { validFrom, te, tusd } = plainBody(body);
    return this.commandBus.execute(
      new PlatformCommand(
        'PublishTariff',
        { distribuidora, validFrom, te: postoMap(te), ...(tusd === undefined ? {} : { tusd }) },
        meta,
      ),
    );
  }
}
