import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Format, FormatMessage } from './formats';

/** A titular as a command names it. */
export class TitularDto {
  @ApiProperty({
    example: '529.982.247-25',
    description: 'CPF or CNPJ (numeric or alphanumeric, upper case); punctuation accepted; check digits verified.',
  })
  @IsString()
  @Matches(Format.document, { message: FormatMessage.document })
  document!: string;

  @ApiProperty({ example: 'Ana Souza' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}
