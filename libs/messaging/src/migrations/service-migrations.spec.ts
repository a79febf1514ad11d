import type { MigrationInterface } from 'typeorm';
import { MESSAGING_MIGRATIONS, serviceMigrations } from './service-migrations';

class Own1764250000000 implements MigrationInterface {
  name = 'Own1764250000000';
  up = async () => undefined;
  down = async () => undefined;
}
class Unstamped implements MigrationInterface {
  up = async () => undefined;
  down = async () => undefined;
}

describe('serviceMigrations', () => {
  it("merges a service's own migrations into messaging's by timestamp", () => {
    expect(serviceMigrations([Own1764250000000]).map((m) => m.name)).toEqual([
      'InitialMessaging1764000000000',
      'Own1764250000000',
      'OutboxBundles1764300000000',
      'OutboxCompression1764400000000',
      'InboxKeysBytewise1764500000000',
      'InboxProcessedAtBrin1764600000000',
    ]);
    expect(serviceMigrations()).toEqual(MESSAGING_MIGRATIONS);
  });

  it('refuses a migration whose class name does not end in a timestamp', () => {
    expect(() => serviceMigrations([Unstamped])).toThrow(/Unstamped does not end in a 13-digit/);
  });
});
