import { sqlMigration } from '@omni/database';

/**
 * Timers by instance: completing an instance asks whether any of its timers is still pending,
 * and exits cancel an instance's timers. Without it each firing scanned every timer (9 firings/s
 * with 1,000,000 pending).
 */
export const CrmJourneyTimerInstanceIndex1766100000003 = sqlMigration({
  name: 'CrmJourneyTimerInstanceIndex1766100000003',
  up: [`CREATE INDEX journey_timers_instance_idx ON journey_timers (instance_id, status)`],
  down: [`DROP INDEX journey_timers_instance_idx`],
});
