import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsString, Matches, ValidateNested } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';
import { TitularDto } from '../../dto/titular.dto';

/** Body of POST /v1/ucs/{ucId}/titularidade (TransferTitularidade). */
export class TransferTitularidadeDto {
  @ApiProperty({ type: () => TitularDto, example: { document: '111.444.777-35', name: 'Bruno Lima' } })
  @ValidateNested()
  @Type(() => TitularDto)
  newTitular!: TitularDto;

  @ApiProperty({
    example: '2025-04-01',
    pattern: Format.date.source,
    description: 'R18: credits stay with the previous titular.',
  })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  date!: string;
}
