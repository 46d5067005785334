import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';
import { OpeningLotDto } from '../../dto/opening-lot.dto';
import { OpeningSourceDto } from '../../dto/opening-source.dto';
import { OpeningHeldCreditsOfUcDto } from './opening-held-credits-of-uc.dto';

/** Body of POST /v1/ucs/{ucId}/opening-balance (ImportOpeningBalance, migration). */
export class ImportOpeningBalanceDto {
  @ApiProperty({ example: '2026-06-01', pattern: Format.date.source, description: 'The import date.' })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  date!: string;

  @ApiProperty({ type: () => OpeningSourceDto })
  @ValidateNested()
  @Type(() => OpeningSourceDto)
  source!: OpeningSourceDto;

  @ApiProperty({ type: () => [OpeningLotDto], required: false, description: 'Credits by vintage.' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OpeningLotDto)
  credits?: OpeningLotDto[];

  @ApiProperty({ type: () => [OpeningLotDto], required: false, description: 'Received excedente not yet used.' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OpeningLotDto)
  received?: OpeningLotDto[];

  @ApiProperty({
    type: () => OpeningHeldCreditsOfUcDto,
    required: false,
    nullable: true,
    description:
      'Credits that left the UC and are held for its former titular (R18, R19), appended with the balance in one ' +
      'transaction: both or neither (`compensa import balances` sends them so).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => OpeningHeldCreditsOfUcDto)
  heldCredits?: OpeningHeldCreditsOfUcDto | null;
}
