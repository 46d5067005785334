import type { CreditLotView, ScceCohort } from '@compensa/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One credit lot of a UC: a vintage by posto, GD class and source UC (the OpenAPI form of CreditLotView). */
export class CreditVintageResponse implements CreditLotView {
  @ApiProperty({
    example: '2025-03-20',
    description: 'The reading that created the credit (R9: expiry counts from it).',
  })
  vintage!: string;

  @ApiProperty({ example: 'unico' })
  posto!: string;

  @ApiProperty({ example: 'GD_II' })
  gdClass!: string;

  @ApiProperty({ example: '1001', description: 'The generator the energy came from.' })
  sourceUcId!: string;

  @ApiProperty({ example: '280.000', description: 'kWh, decimal string with 3 places.' })
  kwh!: string;

  @ApiProperty({ example: '2030-03-20' })
  expiresOn!: string;

  @ApiPropertyOptional({
    enum: ['2023-H1'],
    description:
      'R23 (L art. 27 §2): energy of a plant whose connection was requested from 2023-01-08 to 2023-07-07; absent for other energy.',
  })
  cohort?: ScceCohort;
}
