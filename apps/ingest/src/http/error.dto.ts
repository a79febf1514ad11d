import { ApiProperty } from '@nestjs/swagger';

export class ErrorDto {
  @ApiProperty({ example: 'rate_limited', description: 'Stable, machine-readable code.' })
  code!: string;

  @ApiProperty({
    example: 'connector tmall-flagship is limited to 2000 events/s (burst 2000); retry after 1 s',
  })
  message!: string;
}
