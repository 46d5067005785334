import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmptyObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';

/** What the meter saw in one posto during the cycle. */
export class PostoReadingDto {
  @ApiProperty({ example: '250', pattern: Format.kwh.source, description: 'kWh consumed (entered the UC).' })
  @IsString()
  @Matches(Format.kwh, { message: FormatMessage.kwh })
  consumed!: string;

  @ApiProperty({ example: '400', pattern: Format.kwh.source, description: 'kWh injected (left the UC).' })
  @IsString()
  @Matches(Format.kwh, { message: FormatMessage.kwh })
  injected!: string;
}

/**
 * The reading per posto: an object keyed by posto. Each posto is a property, so an unknown posto is an unknown
 * property (422); a posto the UC is not billed in is refused by the domain (422).
 */
export class ReadingPostosDto {
  @ApiPropertyOptional({ type: () => PostoReadingDto, description: 'Grupo B conventional (no postos).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostoReadingDto)
  unico?: PostoReadingDto;

  @ApiPropertyOptional({ type: () => PostoReadingDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostoReadingDto)
  ponta?: PostoReadingDto;

  @ApiPropertyOptional({ type: () => PostoReadingDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostoReadingDto)
  intermediario?: PostoReadingDto;

  @ApiPropertyOptional({ type: () => PostoReadingDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostoReadingDto)
  fora_ponta?: PostoReadingDto;

  @ApiPropertyOptional({ type: () => PostoReadingDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostoReadingDto)
  reservado?: PostoReadingDto;
}

/** Body of POST /v1/ucs/{ucId}/readings (RecordReading). */
export class RecordReadingDto {
  @ApiProperty({ example: '2025-02', pattern: Format.cycle.source, description: 'The cycle, by its reference month.' })
  @IsString()
  @Matches(Format.cycle, { message: FormatMessage.cycle })
  cycle!: string;

  @ApiProperty({
    example: '2025-02-20',
    pattern: Format.date.source,
    description: 'The reading date closes the cycle.',
  })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  readingDate!: string;

  @ApiProperty({ type: () => ReadingPostosDto, example: { unico: { consumed: '250', injected: '400' } } })
  @IsNotEmptyObject({ nullable: true }, { message: 'postos deve informar pelo menos um posto' })
  @ValidateNested()
  @Type(() => ReadingPostosDto)
  postos!: ReadingPostosDto;
}
