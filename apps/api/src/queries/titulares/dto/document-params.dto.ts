import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Format } from '../../../commands/dto/formats';

/** A CNPJ root: the first 8 characters, what a matriz and its filiais share. */
export const CNPJ_ROOT = /^[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}$/;

/** `{document}` of a titular's path: a CPF, a CNPJ (punctuation allowed) or a CNPJ root. */
export class DocumentParamsDto {
  @ApiProperty({ example: '529.982.247-25', description: 'A CPF, a CNPJ, or a CNPJ root (8 characters).' })
  @Matches(new RegExp(`${Format.document.source}|${CNPJ_ROOT.source}`), {
    message:
      '$property deve ser um CPF (11 dígitos), um CNPJ (14 caracteres, letras maiúsculas) ou a raiz de um CNPJ (8 caracteres)',
  })
  document!: string;
}
