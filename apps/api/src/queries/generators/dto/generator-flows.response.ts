import { ApiProperty } from '@nestjs/swagger';

/** Energy by posto and GD class. */
export class FlowPartResponse {
  @ApiProperty({ example: 'unico' })
  posto!: string;

  @ApiProperty({ example: 'GD_II' })
  gdClass!: string;

  @ApiProperty({ example: '700.000' })
  kwh!: string;
}

/** Energy allocated to one beneficiary, by posto and GD class. */
export class FlowAllocationResponse extends FlowPartResponse {
  @ApiProperty({ example: '1002' })
  ucId!: string;
}

/** Allocations summed per beneficiary. */
export class FlowTargetResponse {
  @ApiProperty({ example: '1002' })
  ucId!: string;

  @ApiProperty({ example: '420.000' })
  kwh!: string;
}

/** Where one cycle's excedente of a generator went. */
export class GeneratorFlowResponse {
  @ApiProperty({ example: '1001' })
  ucId!: string;

  @ApiProperty({ example: '2025-03' })
  cycle!: string;

  @ApiProperty({ example: 'copel' })
  distribuidora!: string;

  @ApiProperty({ example: '2025-03-20' })
  readingDate!: string;

  @ApiProperty({ example: 'excedente' })
  surplusBase!: string;

  @ApiProperty({ nullable: true, type: String, example: 'percentage', description: 'null: no rateio, all retained.' })
  rateioMode!: string | null;

  @ApiProperty({ example: '700.000' })
  excedenteKwh!: string;

  @ApiProperty({ example: '420.000', description: 'Sent to other UCs.' })
  allocatedKwh!: string;

  @ApiProperty({ example: '280.000', description: "Kept as the generator's own credit." })
  retainedKwh!: string;

  @ApiProperty({ type: () => [FlowPartResponse] })
  excedente!: FlowPartResponse[];

  @ApiProperty({ type: () => [FlowAllocationResponse] })
  allocations!: FlowAllocationResponse[];

  @ApiProperty({ type: () => [FlowPartResponse] })
  retained!: FlowPartResponse[];

  @ApiProperty({ type: () => [FlowTargetResponse] })
  byTarget!: FlowTargetResponse[];
}

/** `GET /v1/generators/{ucId}/flows`: a page of cycles, oldest first (empty for a UC that is not a generator). */
export class GeneratorFlowsResponse {
  @ApiProperty({ type: () => [GeneratorFlowResponse] })
  items!: GeneratorFlowResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
