import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MODALIDADES, SOURCES } from '@compensa/domain';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';

/** Body of POST /v1/ucs/{ucId}/generation (RegisterGeneration). */
export class RegisterGenerationDto {
  @ApiProperty({ example: '8.2', pattern: Format.kw.source, description: 'Installed power in kW (R21 limits).' })
  @IsString()
  @Matches(Format.kw, { message: FormatMessage.kw })
  installedKw!: string;

  @ApiProperty({ enum: SOURCES, example: 'solar' })
  @IsIn(SOURCES)
  source!: string;

  @ApiProperty({ example: false, description: 'Dispatchable sources may reach 5 MW as minigeração (R21).' })
  @IsBoolean()
  dispatchable!: boolean;

  @ApiProperty({ enum: MODALIDADES, example: 'autoconsumo_remoto' })
  @IsIn(MODALIDADES)
  modalidade!: string;

  @ApiProperty({
    example: '2025-01-05',
    pattern: Format.date.source,
    description: 'Connection request date (R15 class).',
  })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  requestedAt!: string;

  @ApiProperty({ example: '2025-02-01', pattern: Format.date.source })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  connectedAt!: string;

  @ApiPropertyOptional({
    enum: ['net', 'injected'],
    example: 'net',
    description: 'P3: `injected` (emuc and compartilhada only) makes all injected energy excedente.',
  })
  @IsOptional()
  @IsIn(['net', 'injected'])
  surplusBase?: string;
}
