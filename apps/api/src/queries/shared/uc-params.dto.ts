import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Format, FormatMessage } from '../../commands/dto/formats';

/** `{ucId}` of a path. */
export class UcParamsDto {
  @ApiProperty({ example: '1001', description: 'The UC number (1 to 20 digits).' })
  @Matches(Format.ucId, { message: FormatMessage.ucId })
  ucId!: string;
}
