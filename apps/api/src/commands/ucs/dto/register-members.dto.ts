import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';

/** Body of PUT /v1/ucs/{ucId}/members (RegisterMembers): the whole member list of an emuc/compartilhada generator. */
export class RegisterMembersDto {
  @ApiProperty({ example: ['8001', '8002', '8003'], isArray: true, type: String })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  @Matches(Format.ucId, { each: true, message: FormatMessage.ucId })
  members!: string[];

  @ApiProperty({
    example: 'Convencao de condominio, registro 12.345',
    description: 'R13: changing the members needs a legal instrument reference (empty is refused with R13).',
  })
  @IsString()
  legalInstrument!: string;

  @ApiProperty({ example: '2024-11-01', pattern: Format.date.source })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  date!: string;
}
