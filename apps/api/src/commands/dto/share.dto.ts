import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Format, FormatMessage } from './formats';

/** One UC's percentage of a split (rateio R5, closure distribution R19, reallocation R20). */
export class ShareDto {
  @ApiProperty({ example: '1002', pattern: Format.ucId.source })
  @IsString()
  @Matches(Format.ucId, { message: FormatMessage.ucId })
  ucId!: string;

  @ApiProperty({ example: '60', pattern: Format.percent.source, description: 'The shares add up to exactly 100.' })
  @IsString()
  @Matches(Format.percent, { message: FormatMessage.percent })
  percent!: string;
}
