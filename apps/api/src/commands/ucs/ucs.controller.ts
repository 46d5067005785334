import { Body, Controller, HttpStatus, Param, Post, Put, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { CommandBodies, CommandMeta } from '@compensa/application';
import { CommandMetadata } from '../command-meta.decorator';
import type { CommandResponse } from '../command-response';
import { ETagInterceptor } from '../etag.interceptor';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ApiCommand } from '../openapi/api-command.decorator';
import { postoMap } from '../dto/posto-map';
import { plainBody } from '../plain-body';
import { AddCapacityCommand } from '../verbs/add-capacity.command';
import { ChangeRateioCommand } from '../verbs/change-rateio.command';
import { CloseContractCommand } from '../verbs/close-contract.command';
import { RecordReadingCommand } from '../verbs/record-reading.command';
import { RegisterGenerationCommand } from '../verbs/register-generation.command';
import { RegisterMembersCommand } from '../verbs/register-members.command';
import { RegisterUcCommand } from '../verbs/register-uc.command';
import { RequestClosureDistributionCommand } from '../verbs/request-closure-distribution.command';
import { TransferTitularidadeCommand } from '../verbs/transfer-titularidade.command';
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
@Controller('v1/ucs')
@UseInterceptors(IdempotencyInterceptor, ETagInterceptor)
export class UcsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @ApiCommand({
    verb: 'RegisterUc',
    summary: 'Register a UC',
    status: HttpStatus.CREATED,
    body: RegisterUcDto,
    example: {
      ucId: '1001',
      distribuidora: 'copel',
      titular: { document: '529.982.247-25', name: 'Ana Souza' },
      group: 'B',
      connection: 'trifasico',
      postos: ['unico'],
      registeredAt: '2025-01-02',
    },
  })
  registerUc(@Body() body: RegisterUcDto, @CommandMetadata() meta: CommandMeta): Promise<CommandResponse> {
    return this.commandBus.execute(new RegisterUcCommand(plainBody(body), meta));
  }

  @Post(':ucId/generation')
  @ApiParam(UC_PARAM)
  @ApiCommand({
    verb: 'RegisterGeneration',
    summary: "Register the UC's generation",
    description: 'R15 fixes the GD class from the request date; R21 refuses a size above the limits.',
    status: HttpStatus.CREATED,
    body: RegisterGenerationDto,
    example: {
      installedKw: '8.2',
      source: 'solar',
      dispatchable: false,
      modalidade: 'autoconsumo_remoto',
      requestedAt: '2025-01-05',
      connectedAt: '2025-02-01',
    },
  })
  registerGeneration(
    @Param('ucId') ucId: string,
    @Body() body: RegisterGenerationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new RegisterGenerationCommand({ ...plainBody(body), ucId }, meta));
  }

  @Post(':ucId/capacity')
  @ApiParam(UC_PARAM)
  @ApiCommand({
    verb: 'AddCapacity',
    summary: 'Add installed capacity',
    description: 'R16: the tranche keeps the class of its own request; R21 applies to the total.',
    status: HttpStatus.CREATED,
    body: AddCapacityDto,
    example: { addedKw: '20', requestedAt: '2024-06-01' },
  })
  addCapacity(
    @Param('ucId') ucId: string,
    @Body() body: AddCapacityDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new AddCapacityCommand({ ...plainBody(body), ucId }, meta));
  }

  @Put(':ucId/members')
  @ApiParam(UC_PARAM)
  @ApiCommand({
    verb: 'RegisterMembers',
    summary: "Replace an emuc/compartilhada generator's members",
    description: 'R13: needs a legal instrument reference.',
    status: HttpStatus.OK,
    body: RegisterMembersDto,
    example: {
      members: ['8001', '8002', '8003'],
      legalInstrument: 'Convencao de condominio, registro 12.345',
      date: '2024-11-01',
    },
  })
  registerMembers(
    @Param('ucId') ucId: string,
    @Body() body: RegisterMembersDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new RegisterMembersCommand({ ...plainBody(body), ucId }, meta));
  }

  @Put(':ucId/rateio')
  @ApiParam(UC_PARAM)
  @ApiCommand({
    verb: 'ChangeRateio',
    summary: "Replace the generator's rateio",
    description: 'R5 (percentages adding up to 100) or R6 (priority order); R13 eligibility; R7: from the next cycle.',
    status: HttpStatus.OK,
    body: ChangeRateioDto,
    example: {
      requestedAt: '2025-02-10',
      mode: 'percentage',
      shares: [
        { ucId: '1001', percent: '40' },
        { ucId: '1002', percent: '60' },
      ],
    },
  })
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
    return this.commandBus.execute(new ChangeRateioCommand(rateio, meta));
  }

  @Post(':ucId/readings')
  @ApiParam(UC_PARAM)
  @ApiCommand({
    verb: 'RecordReading',
    summary: "Record the UC's reading for a cycle",
    description:
      'Compensates the cycle (R1–R12) and, at a generator with a rateio, allocates the excedente (delivered to ' +
      'the beneficiaries asynchronously, exactly once).',
    status: HttpStatus.CREATED,
    body: RecordReadingDto,
    example: { cycle: '2025-02', readingDate: '2025-02-20', postos: { unico: { consumed: '250', injected: '400' } } },
  })
  recordReading(
    @Param('ucId') ucId: string,
    @Body() body: RecordReadingDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    const { cycle, readingDate, postos } = plainBody(body);
    return this.commandBus.execute(
      new RecordReadingCommand({ ucId, cycle, readingDate, postos: postoMap(postos) }, meta),
    );
  }

  @Post(':ucId/titularidade')
  @ApiParam(UC_PARAM)
  @ApiCommand({
    verb: 'TransferTitularidade',
    summary: 'Transfer the UC to a new titular',
    description: "R18: the UC's credits stay with the previous titular, who has 30 days to say where they go (R20).",
    status: HttpStatus.CREATED,
    body: TransferTitularidadeDto,
    example: { newTitular: { document: '111.444.777-35', name: 'Bruno Lima' }, date: '2025-04-01' },
  })
  transferTitularidade(
    @Param('ucId') ucId: string,
    @Body() body: TransferTitularidadeDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new TransferTitularidadeCommand({ ...plainBody(body), ucId }, meta));
  }

  @Post(':ucId/closure')
  @ApiParam(UC_PARAM)
  @ApiCommand({
    verb: 'CloseContract',
    summary: "Close the UC's contract",
    description: 'R19: credits are held for the titular (R20), or distributed as requested 30 days before.',
    status: HttpStatus.CREATED,
    body: CloseContractDto,
    example: { date: '2025-02-01' },
  })
  closeContract(
    @Param('ucId') ucId: string,
    @Body() body: CloseContractDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new CloseContractCommand({ ...plainBody(body), ucId }, meta));
  }

  @Post(':ucId/closure-distribution')
  @ApiParam(UC_PARAM)
  @ApiCommand({
    verb: 'RequestClosureDistribution',
    summary: 'Request how credits go to the members at closure',
    description: 'R19: emuc/compartilhada generators; active members of the development, adding up to 100.',
    status: HttpStatus.CREATED,
    body: RequestClosureDistributionDto,
    example: {
      requestedAt: '2024-12-01',
      shares: [
        { ucId: '8001', percent: '50' },
        { ucId: '8002', percent: '50' },
      ],
    },
  })
  requestClosureDistribution(
    @Param('ucId') ucId: string,
    @Body() body: RequestClosureDistributionDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResponse> {
    return this.commandBus.execute(new RequestClosureDistributionCommand({ ...plainBody(body), ucId }, meta));
  }
}
