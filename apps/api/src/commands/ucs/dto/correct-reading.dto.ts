import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsNotEmpty,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';
import { ReadingPostosDto } from './record-reading.dto';

/** Body of POST /v1/ucs/{ucId}/readings/{cycle}/correction (CorrectReading); the cycle is the path's. */
export class CorrectReadingDto {
  @ApiProperty({
    type: () => ReadingPostosDto,
    example: { unico: { consumed: '250', injected: '400' } },
    description: 'The corrected values, per posto, as RecordReading takes them (a posto left out is 0).',
  })
  @IsNotEmptyObject({ nullable: true }, { message: 'postos deve informar pelo menos um posto' })
  @ValidateNested()
  @Type(() => ReadingPostosDto)
  postos!: ReadingPostosDto;

  @ApiProperty({ example: 'leitura do medidor trocado', description: 'Why the reading was wrong.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ example: 'PROC-2026-00042', description: "The distribuidora's process number." })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  reference!: string;

  @ApiPropertyOptional({
    example: '2026-08-05',
    pattern: Format.date.source,
    description:
      "The correction's date (default: today), not before the UC's latest reading. R9: a cycle read 60 months or " +
      'more before it is refused.',
  })
  @IsOptional()
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  date?: string;
}
