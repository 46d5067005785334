import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One field error of a 422 (OpenAPI schema only). */
export class FieldErrorSchema {
  @ApiProperty({ example: 'postos.unico.consumed' })
  field!: string;

  @ApiProperty({
    example: 'consumed deve ser um kWh em texto decimal, não negativo, com no máximo 3 casas decimais ("280.5")',
  })
  message!: string;
}

/** The RFC 7807 problem document every error answer carries (OpenAPI schema only). */
export class ProblemSchema {
  @ApiProperty({ example: 'urn:compensa:problem:rule-violation' })
  type!: string;

  @ApiProperty({ example: 'Recusado pela regra R5' })
  title!: string;

  @ApiProperty({ example: 409 })
  status!: number;

  @ApiProperty({ example: 'os percentuais somam 90, não exatamente 100' })
  detail!: string;

  @ApiPropertyOptional({ example: '/v1/ucs/1001/rateio' })
  instance?: string;

  @ApiPropertyOptional({ example: 'R5', description: 'The rule (domain/RULES.md) that refused the command (409).' })
  rule?: string;

  @ApiPropertyOptional({ example: 'shares[0].percent', description: 'The input field at fault (422 from the domain).' })
  field?: string;

  @ApiPropertyOptional({ type: () => [FieldErrorSchema] })
  errors?: FieldErrorSchema[];

  @ApiPropertyOptional({ example: '1002', description: 'The UC that is not registered (404).' })
  ucId?: string;

  @ApiPropertyOptional({ example: 'f3b0c442-98fc-1c14-9afb-f4c8996fb924' })
  requestId?: string;
}
