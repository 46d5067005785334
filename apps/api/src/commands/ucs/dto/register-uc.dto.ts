import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONNECTIONS, POSTOS } from '@compensa/domain';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';
import { TitularDto } from '../../dto/titular.dto';

/** Body of POST /v1/ucs (RegisterUc). */
export class RegisterUcDto {
  @ApiProperty({ example: '1001', pattern: Format.ucId.source, description: 'UC number within its distribuidora.' })
  @IsString()
  @Matches(Format.ucId, { message: FormatMessage.ucId })
  ucId!: string;

  @ApiProperty({ example: 'copel', pattern: Format.distribuidora.source })
  @IsString()
  @Matches(Format.distribuidora, { message: FormatMessage.distribuidora })
  distribuidora!: string;

  @ApiProperty({ type: () => TitularDto })
  @ValidateNested()
  @Type(() => TitularDto)
  titular!: TitularDto;

  @ApiProperty({ enum: ['A', 'B'], example: 'B', description: 'Grupo A (high voltage) or B.' })
  @IsIn(['A', 'B'])
  group!: 'A' | 'B';

  @ApiPropertyOptional({
    enum: CONNECTIONS,
    nullable: true,
    example: 'trifasico',
    description: 'Required for Grupo B: fixes the custo de disponibilidade (R10).',
  })
  @IsOptional()
  @IsIn(CONNECTIONS)
  connection?: string | null;

  @ApiProperty({
    enum: POSTOS,
    isArray: true,
    example: ['unico'],
    description: '`unico` (no postos) alone, or the time-of-use bands the UC is billed in.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(POSTOS, { each: true })
  postos!: string[];

  @ApiPropertyOptional({
    example: false,
    description: 'A Grupo A UC billed as Grupo B (R13: sends and receives no excedente).',
  })
  @IsOptional()
  @IsBoolean()
  billedAsGroupB?: boolean;

  @ApiProperty({ example: '2025-01-02', pattern: Format.date.source })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  registeredAt!: string;

  @ApiPropertyOptional({
    example: 'B1',
    description: 'R22 tariff subgrupo: B1 B2 B3 B4 (Grupo B, default B1) or A1 A2 A3 A3a A4 AS (Grupo A, default A4).',
  })
  @IsOptional()
  @IsString()
  subgrupo?: string;

  @ApiPropertyOptional({ example: false, description: 'R10 / R24: residential baixa renda subclass (default false).' })
  @IsOptional()
  @IsBoolean()
  baixaRenda?: boolean;
}
