import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NullableProperty } from '@omni/platform';

export class JourneyTimerDto {
  @ApiProperty({ example: 'day-7' }) step!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ enum: ['pending', 'fired', 'suppressed', 'cancelled'] }) status!: string;
}

export class JourneyInstanceDto {
  @ApiProperty() instanceId!: string;
  @ApiProperty({ example: 'repurchase-reminder' }) journeyId!: string;
  @ApiProperty({ description: "The instance's scope: a SKU, a year, or empty." }) scopeKey!: string;
  @ApiProperty({ enum: ['active', 'exited', 'completed'] }) status!: string;
  @ApiProperty() enteredAt!: string;
  @NullableProperty(String, { required: false }) exitedAt!: string | null;
  @NullableProperty(String, { required: false }) exitReason!: string | null;
  @ApiProperty({ type: [JourneyTimerDto] }) timers!: JourneyTimerDto[];
}

export class JourneyFiringDto {
  @ApiProperty({ example: 'repurchase-reminder' }) journeyId!: string;
  @ApiProperty() instanceId!: string;
  @ApiProperty({ example: 'day-7' }) step!: string;
  @ApiProperty({ description: 'Where the step reaches the customer' }) channel!: string;
  @ApiProperty({ enum: ['triggered', 'suppressed'] }) outcome!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    enum: ['journey-disabled', 'no-consent', 'reentry-window', 'contact-cap'],
  })
  reason!: string | null;
  @NullableProperty(String, { required: false }) explanation!: string | null;
  @ApiProperty() dueAt!: string;
  @ApiProperty() firedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'journey.triggered eventId' })
  eventId!: string | null;
}

export class CustomerJourneysDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: [JourneyInstanceDto] }) instances!: JourneyInstanceDto[];
  @ApiProperty({
    type: [JourneyFiringDto],
    description: 'Every step that fired or was suppressed, with the reason.',
  })
  firings!: JourneyFiringDto[];
}
