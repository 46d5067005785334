import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';

/** Body of POST /v1/ucs/{ucId}/closure (CloseContract). */
export class CloseContractDto {
  @ApiProperty({
    example: '2025-02-01',
    pattern: Format.date.source,
    description: 'R19: the UC takes no readings after it.',
  })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  date!: string;
}
