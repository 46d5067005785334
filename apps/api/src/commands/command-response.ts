import { ApiProperty } from '@nestjs/swagger';
import type { CommandResult } from '@compensa/application';

/** One event a command appended, as the API returns it. */
export class AppendedEventDto {
  @ApiProperty({ example: 'ReadingRecorded', description: 'Event type (see domain/RULES.md for what each means).' })
  type!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { ucId: '1001', cycle: '2025-02', readingDate: '2025-02-20' },
    description: 'The event data as stored: kWh, percentages and R$ are decimal strings.',
  })
  data!: unknown;
}

/** What every command endpoint answers: the stream it wrote, its new revision (also the ETag) and the events. */
export class CommandResponse {
  @ApiProperty({ example: 'uc-copel-1001', description: 'The stream the command appended to.' })
  stream!: string;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 3,
    description: 'The stream revision after the command (0-based); send it back as If-Match to guard the next one.',
  })
  revision!: number | null;

  @ApiProperty({ type: () => [AppendedEventDto] })
  events!: AppendedEventDto[];
}

/** The HTTP answer of a platform command result. */
export function toCommandResponse(result: CommandResult): CommandResponse {
  return {
    stream: result.stream,
    revision: result.revision,
    events: result.events.map((e) => ({ type: e.type, data: e.data })),
  };
}
