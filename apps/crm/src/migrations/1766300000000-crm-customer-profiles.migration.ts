import { sqlMigration } from '@omni/database';

/**
 * The profile folded on write: one row per customer with what its facts add up to so far
 * (`FoldState`), updated in the transaction that records the facts, so reading a customer is
 * one statement instead of folding every fact per request. A customer without a row (one not
 * touched since this table came) is folded from its facts when read.
 */
export const CrmCustomerProfiles1766300000000 = sqlMigration({
  name: 'CrmCustomerProfiles1766300000000',
  up: [
    `
      CREATE TABLE customer_profiles (
        customer_id text COLLATE "C" PRIMARY KEY,
        fold jsonb NOT NULL
      )`,
  ],
  down: [`DROP TABLE customer_profiles`],
});
