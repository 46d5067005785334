import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';
import { ImportOpeningHeldCreditsDto } from '../../titulares/dto/import-opening-held-credits.dto';

/**
 * `heldCredits` of POST /v1/ucs/{ucId}/opening-balance: the credits that left the UC, held for its former titular,
 * as the titular's verb has them (the UC and the import date are the balance's).
 */
export class OpeningHeldCreditsOfUcDto extends OmitType(ImportOpeningHeldCreditsDto, ['fromUcId', 'date'] as const) {
  @ApiProperty({
    example: '111.444.777-35',
    pattern: Format.document.source,
    description: 'CPF or CNPJ of the titular the credits are held for.',
  })
  @IsString()
  @Matches(Format.document, { message: FormatMessage.document })
  document!: string;
}
