import { ApiProperty } from '@nestjs/swagger';
import { CorrectionResponse } from './correction.response';

/** `GET /v1/ucs/{ucId}/corrections`: the retificações of the UC's own readings, oldest first. */
export class UcCorrectionsResponse {
  @ApiProperty({ example: '17002' })
  ucId!: string;

  @ApiProperty({ type: () => [CorrectionResponse] })
  items!: CorrectionResponse[];
}
