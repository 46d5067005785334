import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** `{id}` of a correction's path: `retif-<uc>-<cycle>-<12 hex digits>`, as POST …/correction answered. */
export class CorrectionParamsDto {
  @ApiProperty({ example: 'retif-17002-2026-04-0ccaaca85d11', description: "The correction's id." })
  @Matches(/^retif-[A-Za-z0-9]+-\d{4}-\d{2}-[0-9a-f]{12}$/, {
    message: 'id deve ser o id de uma retificação: retif-<uc>-<AAAA-MM>-<12 dígitos hexadecimais>',
  })
  id!: string;
}
