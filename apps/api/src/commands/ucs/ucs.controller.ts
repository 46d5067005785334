import { Body, Controller, Param, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { CommandBodies, CommandMeta } from '@compensa/application';
import { CommandMetadata } from '../command-meta.decorator';
import type { CommandResponse } from '../command-response';
import { ETagInterceptor } from '../etag.interceptor';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ApiCommand } from '../openapi/api-command.decorator';
import { PlatformCommand } from '../platform-command';
import { postoMap } from '../dto/posto-map';
import { plainBody } from '../plain-body';
import { AddCapacityDto } from './dto/add-capacity.dto';
import { ChangeRateioDto } from './dto/change-rateio.dto';
import { CloseContractDto } from './dto/close-contract.dto';
import { RecordReadingDto } from './dto/record-reading.dto';
import { RegisterGenerationDto } from './dto/register-generation.dto';
import { RegisterMembersDto } from './dto/register-members.dto';
import { RegisterUcDto } from './dto/register-uc.dto';
import { RequestClosureDistributionDto } from './dto/request-closure-distribution.dto';
import { TransferTitularidadeDto } from './dto/transfer-titularidade.dto';

const UC_PARAM = { name: 'ucId', description: 'The UC number within its distribuidora.', example: '1001' };

/** The UC's commands: one stream per UC (`uc-<distribuidora>-<number>`). Operators only. */
@ApiTags('UC commands')
@Controller()
@UseInterceptors(IdempotencyInterceptor, ETagInterceptor)
export class UcsController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiCommand('RegisterUc')
  registerUc(@Body() body: RegisterUcDto, @CommandMetadata() meta: CommandMeta): Promise<CommandResponse> {
    return this.commandBus.execute(new PlatformCommand('RegisterUc', plainBody(body), meta));
  }

  @ApiParam(UC_PARAM)
  @ApiCommand('RegisterGeneration')
  registerGeneration(
    @Param('ucId') ucId: string,
    @Body() body: RegisterGenerationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new PlatformCommand('RegisterGeneration', { ...plainBody(body), ucId }, meta));
  }

  @ApiParam(UC_PARAM)
  @ApiCommand('AddCapacity')
  addCapacity(
    @Param('ucId') ucId: string,
    @Body() body: AddCapacityDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new PlatformCommand('AddCapacity', { ...plainBody(body), ucId }, meta));
  }

  @ApiParam(UC_PARAM)
  @ApiCommand('RegisterMembers')
  registerMembers(
    @Param('ucId') ucId: string,
    @Body() body: RegisterMembersDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new PlatformCommand('RegisterMembers', { ...plainBody(body), ucId }, meta));
  }

  @ApiParam(UC_PARAM)
  @ApiCommand('ChangeRateio')
  changeRateio(
    @Param('ucId') ucId: string,
    @Body() body: ChangeRateioDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    const { requestedAt, mode, shares, order, leftoverUcId } = plainBody(body);
    // The DTO checked the fields of the chosen mode; the domain checks the rest (R5 total, R6 duplicates).
    const rateio: CommandBodies['ChangeRateio'] =
      mode === 'percentage'
        ? { ucId, requestedAt, mode, shares: shares ?? [] }
        : { ucId, requestedAt, mode, order: order ?? [], ...(leftoverUcId === undefined ? {} : { leftoverUcId }) };
    return this.commandBus.execute(new PlatformCommand('ChangeRateio', rateio, meta));
  }

  @ApiParam(UC_PARAM)
  @ApiCommand('RecordReading')
  recordReading(
    @Param('ucId') ucId: string,
    @Body() body: RecordReadingDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    const { cycle, readingDate, postos } = plainBody(body);
    return this.commandBus.execute(
      new PlatformCommand('RecordReading', { ucId, cycle, readingDate, postos: postoMap(postos) }, meta),
    );
  }

  @ApiParam(UC_PARAM)
  @ApiCommand('TransferTitularidade')
  transferTitularidade(
    @Param('ucId') ucId: string,
    @Body() body: TransferTitularidadeDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new PlatformCommand('TransferTitularidade', { ...plainBody(body), ucId }, meta));
  }

  @ApiParam(UC_PARAM)
  @ApiCommand('CloseContract')
  closeContract(
    @Param('ucId') ucId: string,
    @Body() body: CloseContractDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new PlatformCommand('CloseContract', { ...plainBody(body), ucId }, meta));
  }

  @ApiParam(UC_PARAM)
  @ApiCommand('RequestClosureDistribution')
  requestClosureDistribution(
    @Param('ucId') ucId: string,
    @Body() body: RequestClosureDistributionDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(
      new PlatformCommand('RequestClosureDistribution', { ...plainBody(body), ucId }, meta),
    );
  }
}
