import { sqlMigration } from '@omni/database';

/**
 * A campaign's status change (approve, launch, end) or deletion is announced on the read-model
 * channel as `["campaign", id]` when it commits, by the function of the
 * `ReadModelChangeNotifications` migration: every process reloads its live promotions at once
 * instead of at its next refresh, so an order another process re-quotes sees a launch as the
 * process that made it does. The counters that redemptions move (budget spent, units sold) do
 * not announce anything: they are read at each refresh, and taken under a row lock.
 */
export const CampaignChangeNotifications1767400000000 = sqlMigration({
  name: 'CampaignChangeNotifications1767400000000',
  up: [
    `CREATE TRIGGER campaign_changed AFTER UPDATE OF status OR DELETE ON campaigns
       FOR EACH ROW EXECUTE FUNCTION read_model_changed('campaign', 'id')`,
    `CREATE TRIGGER campaigns_truncated AFTER TRUNCATE ON campaigns
       FOR EACH STATEMENT EXECUTE FUNCTION read_model_changed()`,
  ],
  down: [
    `DROP TRIGGER campaigns_truncated ON campaigns`,
    `DROP TRIGGER campaign_changed ON campaigns`,
  ],
});
