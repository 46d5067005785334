import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Min, MinLength } from 'class-validator';

/** Where an opening balance came from: the legacy system's file, its line and the file's SHA-256. */
export class OpeningSourceDto {
  @ApiProperty({ example: 'importacao-saldos.csv' })
  @IsString()
  @MinLength(1)
  file!: string;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  line!: number;

  @ApiProperty({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    pattern: '^[0-9a-f]{64}$',
  })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: '$property deve ser um SHA-256 em 64 dígitos hexadecimais minúsculos' })
  sha256!: string;
}
