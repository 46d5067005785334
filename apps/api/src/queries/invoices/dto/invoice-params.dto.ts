import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Format, FormatMessage } from '../../../commands/dto/formats';
import { UcParamsDto } from '../../shared/uc-params.dto';

/** `{ucId}` and `{cycle}` of an invoice's path. */
export class InvoiceParamsDto extends UcParamsDto {
  @ApiProperty({ example: '2025-05', description: 'The billing cycle YYYY-MM.' })
  @Matches(Format.cycle, { message: FormatMessage.cycle })
  cycle!: string;
}
