import { ApiProperty } from '@nestjs/swagger';
import { ReallocationWindowResponse } from '../../titulares/dto/titular-credits.response';

/** A pending 30-day window, with the days left and what waits in it. */
export class PendingReallocationResponse extends ReallocationWindowResponse {
  @ApiProperty({ example: 21, description: 'Days from today to the deadline (negative: overdue, the default is due).' })
  daysLeft!: number;

  @ApiProperty({ example: '400.000', description: 'kWh held from that UC for the titular.' })
  heldKwh!: string;

  @ApiProperty({ nullable: true, type: String, example: 'Ana Souza' })
  titularName!: string | null;
}

/** `GET /v1/reallocations/pending`: earliest deadline first. */
export class PendingReallocationsResponse {
  @ApiProperty({ example: '2025-04-10', description: "The platform's today, from which daysLeft counts." })
  today!: string;

  @ApiProperty({ type: () => [PendingReallocationResponse] })
  items!: PendingReallocationResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
