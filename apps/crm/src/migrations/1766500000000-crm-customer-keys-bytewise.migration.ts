import { sqlMigration } from '@omni/database';

/**
 * The customer ids of consent, journeys and insights compare bytewise (`COLLATE "C"`), as the
 * customers, facts, points and tier tables always did (ADR 0010). Until now a statement that
 * compared one of these with `customers.customer_id` compared under "C", which their
 * default-collation indexes cannot answer: `GET /v1/customers/{id}` read every row of
 * `customer_insights`, `consent` and `segment_members` per request. Equality is unchanged, and
 * under the database's C.UTF-8 so is order.
 */
const COLUMNS: readonly (readonly [table: string, column: string])[] = [
  ['consent', 'customer_id'],
  ['consent_history', 'customer_id'],
  ['customer_insights', 'customer_id'],
  ['insight_orders', 'customer_id'],
  ['segment_members', 'customer_id'],
  ['journey_instances', 'customer_id'],
  ['journey_timers', 'customer_id'],
  ['journey_firings', 'customer_id'],
  ['journey_first_orders', 'customer_id'],
];

const collate = (collation: string): string[] =>
  COLUMNS.map(
    ([table, column]) =>
      `ALTER TABLE ${table} ALTER COLUMN ${column} TYPE text COLLATE ${collation}`,
  );

export const CrmCustomerKeysBytewise1766500000000 = sqlMigration({
  name: 'CrmCustomerKeysBytewise1766500000000',
  up: collate('"C"'),
  down: collate('"default"'),
});
