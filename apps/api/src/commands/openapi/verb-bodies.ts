import type { Type } from '@nestjs/common';
import type { CommandBodies, CommandName } from '@compensa/application';
import { postoMap } from '../dto/posto-map';
import { SetDistribuidoraPolicyDto } from '../distribuidoras/dto/set-distribuidora-policy.dto';
import { PublishBandeiraDto } from '../national/dto/publish-bandeira.dto';
import { PublishScceRateDto } from '../national/dto/publish-scce-rate.dto';
import { PublishTariffDto } from '../tariffs/dto/publish-tariff.dto';
import { ImportOpeningHeldCreditsDto } from '../titulares/dto/import-opening-held-credits.dto';
import { IndicateReallocationDto } from '../titulares/dto/indicate-reallocation.dto';
import { AddCapacityDto } from '../ucs/dto/add-capacity.dto';
import { ChangeRateioDto } from '../ucs/dto/change-rateio.dto';
import { CloseContractDto } from '../ucs/dto/close-contract.dto';
import { ImportOpeningBalanceDto } from '../ucs/dto/import-opening-balance.dto';
import { CorrectReadingDto } from '../ucs/dto/correct-reading.dto';
import { RecordReadingDto } from '../ucs/dto/record-reading.dto';
import { RegisterGenerationDto } from '../ucs/dto/register-generation.dto';
import { RegisterMembersDto } from '../ucs/dto/register-members.dto';
import { RegisterUcDto } from '../ucs/dto/register-uc.dto';
import { RequestClosureDistributionDto } from '../ucs/dto/request-closure-distribution.dto';
import { TransferTitularidadeDto } from '../ucs/dto/transfer-titularidade.dto';

/** The path parameters of a request (`:ucId`, `:document`, `:distribuidora`, …). */
export type PathParams = Readonly<Record<string, string>>;

/**
 * The HTTP side of a verb: its validated body (DTO), a complete example body for the OpenAPI document and, when the
 * platform's body is not simply the DTO's fields with the path parameters, how it is made.
 */
export interface VerbBody<N extends CommandName = CommandName> {
  readonly dto: Type;
  readonly example: Record<string, unknown>;
  /** The verb's body from the validated DTO (as plain JSON) and the path parameters; default `{ ...dto, ...params }`. */
  readonly toBody?: (dto: never, params: PathParams) => CommandBodies[N];
}

/** One entry per verb of the catalogue (a verb without its body does not compile). */
export const VERB_BODIES = {
  RegisterUc: {
    dto: RegisterUcDto,
    example: {
      ucId: '1001',
      distribuidora: 'copel',
      titular: { document: '529.982.247-25', name: 'Ana Souza' },
      group: 'B',
      connection: 'trifasico',
      postos: ['unico'],
      registeredAt: '2025-01-02',
    },
  },
  RegisterGeneration: {
    dto: RegisterGenerationDto,
    example: {
      installedKw: '8.2',
      source: 'solar',
      dispatchable: false,
      modalidade: 'autoconsumo_remoto',
      requestedAt: '2025-01-05',
      connectedAt: '2025-02-01',
    },
  },
  AddCapacity: { dto: AddCapacityDto, example: { addedKw: '20', requestedAt: '2024-06-01' } },
  RegisterMembers: {
    dto: RegisterMembersDto,
    example: {
      members: ['8001', '8002', '8003'],
      legalInstrument: 'Convencao de condominio, registro 12.345',
      date: '2024-11-01',
    },
  },
  ChangeRateio: {
    dto: ChangeRateioDto,
    // The DTO checked the fields of the chosen mode; the domain checks the rest (R5 total, R6 duplicates).
    toBody: ({ requestedAt, mode, shares, order, leftoverUcId }: ChangeRateioDto, { ucId }) =>
      mode === 'percentage'
        ? { ucId, requestedAt, mode, shares: shares ?? [] }
        : { ucId, requestedAt, mode, order: order ?? [], ...(leftoverUcId === undefined ? {} : { leftoverUcId }) },
    example: {
      requestedAt: '2025-02-10',
      mode: 'percentage',
      shares: [
        { ucId: '1001', percent: '40' },
        { ucId: '1002', percent: '60' },
      ],
    },
  },
  RecordReading: {
    dto: RecordReadingDto,
    toBody: ({ cycle, readingDate, postos }: RecordReadingDto, { ucId }) => ({
      ucId,
      cycle,
      readingDate,
      postos: postoMap(postos),
    }),
    example: { cycle: '2025-02', readingDate: '2025-02-20', postos: { unico: { consumed: '250', injected: '400' } } },
  },
  CorrectReading: {
    dto: CorrectReadingDto,
    toBody: ({ postos, reason, reference, date }: CorrectReadingDto, { ucId, cycle }) => ({
      ucId,
      cycle,
      postos: postoMap(postos),
      reason,
      reference,
      ...(date === undefined ? {} : { date }),
    }),
    example: {
      postos: { unico: { consumed: '250', injected: '400' } },
      reason: 'leitura do medidor trocado',
      reference: 'PROC-2025-00042',
      date: '2025-03-10',
    },
  },
  TransferTitularidade: {
    dto: TransferTitularidadeDto,
    example: { newTitular: { document: '111.444.777-35', name: 'Bruno Lima' }, date: '2025-04-01' },
  },
  CloseContract: { dto: CloseContractDto, example: { date: '2025-02-01' } },
  RequestClosureDistribution: {
    dto: RequestClosureDistributionDto,
    example: {
      requestedAt: '2024-12-01',
      shares: [
        { ucId: '8001', percent: '50' },
        { ucId: '8002', percent: '50' },
      ],
    },
  },
  ImportOpeningBalance: {
    dto: ImportOpeningBalanceDto,
    example: {
      date: '2026-06-01',
      source: {
        file: 'importacao-saldos.csv',
        line: 2,
        sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      },
      credits: [{ vintage: '2023-03-15', posto: 'unico', gdClass: 'GD_I', kwh: '120.5', sourceUcId: '3001' }],
      received: [],
    },
  },
  IndicateReallocation: {
    dto: IndicateReallocationDto,
    example: { sourceUcId: '6001', date: '2025-04-20', shares: [{ ucId: '6002', percent: '100' }] },
  },
  ImportOpeningHeldCredits: {
    dto: ImportOpeningHeldCreditsDto,
    example: {
      name: 'Ana Souza',
      distribuidora: 'copel',
      fromUcId: '3009',
      rule: 'R19',
      leftOn: '2026-05-20',
      status: 'open',
      date: '2026-06-01',
      source: {
        file: 'importacao-saldos.csv',
        line: 9,
        sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      },
      lots: [{ vintage: '2024-01-20', posto: 'unico', gdClass: 'GD_I', kwh: '80', sourceUcId: '3009' }],
    },
  },
  PublishTariff: {
    dto: PublishTariffDto,
    toBody: ({ validFrom, te, tusd, subgrupos }: PublishTariffDto, { distribuidora }) => ({
      distribuidora,
      validFrom,
      te: postoMap(te),
      ...(tusd === undefined ? {} : { tusd }),
      ...(subgrupos === undefined ? {} : { subgrupos }),
    }),
    example: {
      validFrom: '2026-01-01',
      te: { unico: '0.33', ponta: '0.45', fora_ponta: '0.30' },
      subgrupos: {
        B1: {
          unico: { te: '0.33017', tusd: '0.49821', fioB: '0.27650', fioA: '0.06120', ped: '0.00850', tfsee: '0.00090' },
        },
      },
    },
  },
  SetDistribuidoraPolicy: {
    dto: SetDistribuidoraPolicyDto,
    example: {
      validFrom: '2026-01-01',
      p10: 'cap',
      p12: 'open-cycle',
      rounding: 'abnt',
      taxes: { icms: '0.19', pis: '0.0110', cofins: '0.0507', grossUp: 'aneel', icmsConvenio16: 'all' },
    },
  },
  PublishBandeira: { dto: PublishBandeiraDto, example: { flag: 'amarela', rate: '0.01885' } },
  PublishScceRate: { dto: PublishScceRateDto, example: { share: '0.95' } },
} as const satisfies { readonly [N in CommandName]: VerbBody<N> };
