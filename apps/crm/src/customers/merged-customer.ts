import { Injectable } from '@nestjs/common';
import { ApiError } from '@omni/platform';
import { DataSource } from 'typeorm';
import { CustomersRepository } from './customers.repository';

/** The error answers of a read of one customer, which a merged id answers for its survivor. */
export const MERGED_CUSTOMER_ERRORS = {
  404: 'customer_not_found',
  308: 'customer_merged: the id was merged into another customer; Location is the same resource of the survivor (details.survivorId)',
} as const;

/** The error answers of a list of one customer's, which a merged id answers for its survivor. */
export const MERGED_CUSTOMER_LIST_ERRORS = {
  404: 'customer_not_found',
  308: 'customer_merged: Location is the same list of the survivor',
} as const;

export const customerNotFound = (customerId: string) =>
  new ApiError(404, 'customer_not_found', `no customer ${customerId}`);

/**
 * A read of a customer id that identity merged into another answers `308 customer_merged` with
 * `Location` set to the same resource of the survivor, so a client holding an old id (an order,
 * a CRM export, a bookmark) lands on the one membership. Only when the id has no customer of
 * its own: a live customer is always answered as itself.
 */
@Injectable()
export class MergedCustomerRedirect {
  constructor(
    private readonly dataSource: DataSource,
    private readonly customers: CustomersRepository,
  ) {}

  /** Runs `read`; a `customer_not_found` of a merged id becomes the redirect to `/v1/customers/{survivor}{suffix}`. */
  async orSurvivor<T>(customerId: string, suffix: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'customer_not_found') throw error;
      const survivorId = await this.customers.survivorOf(this.dataSource.manager, customerId);
      if (survivorId === undefined) throw error;
      throw new ApiError(
        308,
        'customer_merged',
        `customer ${customerId} was merged into ${survivorId}`,
        {
          details: { survivorId },
          headers: { location: `/v1/customers/${survivorId}${suffix}` },
        },
      );
    }
  }
}
