import { Param } from '@nestjs/common';
import { AdminController, Endpoint, CustomerIdParamsDto } from '@omni/platform';
import { DataSource } from 'typeorm';
import { CustomerJourneysDto } from './dto/journeys.dto';
import { JourneysRepository } from './journeys.repository';

@AdminController('v1/customers/:customerId/journeys', 'journeys', {
  400: 'invalid_request: a malformed id.',
})
export class JourneysController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly journeys: JourneysRepository,
  ) {}

  @Endpoint('GET', {
    summary:
      "A customer's journey instances with their timers, and every firing or suppression with its reason.",
    answer: CustomerJourneysDto,
  })
  async get(@Param() { customerId }: CustomerIdParamsDto): Promise<CustomerJourneysDto> {
    const manager = this.dataSource.manager;
    const [instances, firings] = await Promise.all([
      this.journeys.instancesOf(manager, customerId),
      this.journeys.firingsOf(manager, customerId),
    ]);
    return {
      customerId,
      instances: instances.map((instance) => ({
        ...instance,
        enteredAt: instance.enteredAt.toISOString(),
        exitedAt: instance.exitedAt?.toISOString() ?? null,
      })),
      firings: firings.map(({ customerId: _customer, ...firing }) => ({
        ...firing,
        dueAt: firing.dueAt.toISOString(),
        firedAt: firing.firedAt.toISOString(),
      })),
    };
  }
}
