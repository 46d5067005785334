import { ApiProperty } from '@nestjs/swagger';
import { ClassShareTotalsResponse, ShareTotalsResponse } from '../../shared/share-totals.response';

/** Totals of the UC whose invoices compensated the generator's energy. */
export class UcShareTotalsResponse extends ShareTotalsResponse {
  @ApiProperty({ example: '9002' })
  ucId!: string;
}

/** One year of cycles that compensated a generator's energy. */
export class GeneratorScceYearResponse extends ShareTotalsResponse {
  @ApiProperty({ example: '2025', description: 'The year of the cycles (of the invoices) that compensated it.' })
  year!: string;

  @ApiProperty({ type: () => [ClassShareTotalsResponse] })
  byClass!: ClassShareTotalsResponse[];

  @ApiProperty({ type: () => [UcShareTotalsResponse], description: 'The generator itself included.' })
  byUc!: UcShareTotalsResponse[];
}

/** `GET /v1/generators/{ucId}/scce-charges`: oldest year first; empty when its energy was never compensated. */
export class GeneratorScceResponse {
  @ApiProperty({ example: '9001' })
  ucId!: string;

  @ApiProperty({ type: () => [GeneratorScceYearResponse] })
  years!: GeneratorScceYearResponse[];
}
