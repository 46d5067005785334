import { Body, Controller, HttpStatus, Param, Put, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { CommandMeta } from '@compensa/application';
import { CommandMetadata } from '../command-meta.decorator';
import type { CommandResponse } from '../command-response';
import { ETagInterceptor } from '../etag.interceptor';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ApiCommand } from '../openapi/api-command.decorator';
import { postoMap } from '../dto/posto-map';
import { plainBody } from '../plain-body';
import { PublishTariffCommand } from '../verbs/publish-tariff.command';
import { PublishTariffDto } from './dto/publish-tariff.dto';

/** The distribuidora's tariffs (`tariff-<distribuidora>`). Operators only. */
@ApiTags('Tariff commands')
@Controller('v1/tariffs')
@UseInterceptors(IdempotencyInterceptor, ETagInterceptor)
export class TariffsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Put(':distribuidora')
  @ApiParam({ name: 'distribuidora', description: 'The distribuidora code.', example: 'copel' })
  @ApiCommand({
    verb: 'PublishTariff',
    summary: "Publish the distribuidora's TE per posto from a date",
    description: 'R2: converts kWh between postos at readings dated on or after validFrom.',
    status: HttpStatus.OK,
    body: PublishTariffDto,
    example: { validFrom: '2024-01-01', te: { ponta: '0.45', fora_ponta: '0.30' } },
  })
  publishTariff(
    @Param('distribuidora') distribuidora: string,
    @Body() body: PublishTariffDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    const { validFrom, te, tusd } = plainBody(body);
    return this.commandBus.execute(
      new PublishTariffCommand(
        { distribuidora, validFrom, te: postoMap(te), ...(tusd === undefined ? {} : { tusd }) },
        meta,
      ),
    );
  }
}
