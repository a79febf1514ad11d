import { runMigrationCommand } from '@omni/database';
import { migrations } from './migrations';
import { service } from './service';

// `migrate [up|down|status]`: run by ops or `npm start`, never at service boot.
runMigrationCommand({ service: service.name, schema: service.schema, migrations })
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
