import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';
import { OpeningLotDto } from '../../dto/opening-lot.dto';
import { OpeningSourceDto } from '../../dto/opening-source.dto';

/** Body of POST /v1/titulares/{document}/opening-held-credits (ImportOpeningHeldCredits, migration). */
export class ImportOpeningHeldCreditsDto {
  @ApiProperty({ example: 'Ana Souza' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'copel', pattern: Format.distribuidora.source })
  @IsString()
  @Matches(Format.distribuidora, { message: FormatMessage.distribuidora })
  distribuidora!: string;

  @ApiProperty({ example: '3009', pattern: Format.ucId.source, description: 'The UC the credits left.' })
  @IsString()
  @Matches(Format.ucId, { message: FormatMessage.ucId })
  fromUcId!: string;

  @ApiProperty({ example: 'R19', enum: ['R18', 'R19'], description: 'R18 change of titular, R19 closure.' })
  @IsIn(['R18', 'R19'])
  rule!: 'R18' | 'R19';

  @ApiProperty({ example: '2026-05-20', pattern: Format.date.source, description: 'R20: the deadline is 30 days on.' })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  leftOn!: string;

  @ApiProperty({ example: 'open', enum: ['open', 'held'], description: 'held: the R20 default found no UC.' })
  @IsIn(['open', 'held'])
  status!: 'open' | 'held';

  @ApiProperty({ required: false, nullable: true, pattern: Format.date.source })
  @IsOptional()
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  defaultedOn?: string | null;

  @ApiProperty({ example: '2026-06-01', pattern: Format.date.source, description: 'The import date.' })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  date!: string;

  @ApiProperty({ type: () => OpeningSourceDto })
  @ValidateNested()
  @Type(() => OpeningSourceDto)
  source!: OpeningSourceDto;

  @ApiProperty({ type: () => [OpeningLotDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => OpeningLotDto)
  lots!: OpeningLotDto[];
}
