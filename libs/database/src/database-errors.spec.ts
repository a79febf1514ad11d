import { QueryFailedError } from 'typeorm';
import { isTransientSqlState, sqlStateOf, transientDatabaseFailure } from './database-errors';

/** A Postgres error as pg reports it: a SQLSTATE code with a severity. */
const pgError = (message: string, code: string) =>
  Object.assign(new Error(message), { code, severity: 'ERROR' });

describe('database errors', () => {
  it.each([
    ['40P01', true],
    ['40001', true],
    ['57014', true],
    ['55P03', true],
    ['08006', true],
    ['53300', true],
    ['23505', false],
    ['22021', false],
    ['42P01', false],
  ])('SQLSTATE %s is transient: %s', (state, transient) => {
    expect(isTransientSqlState(state)).toBe(transient);
  });

  it('reads the SQLSTATE from TypeORM’s error, its driver error, or a cause down the chain', () => {
    const deadlock = pgError('deadlock detected', '40P01');
    expect(sqlStateOf(new QueryFailedError('UPDATE t SET a = 1', [], deadlock))).toBe('40P01');
    expect(sqlStateOf(new Error('batch failed', { cause: deadlock }))).toBe('40P01');
    // Node's own errors have a code and no severity: not a SQLSTATE.
    expect(sqlStateOf(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(
      undefined,
    );
  });

  it('names a transient failure with its SQLSTATE, and nothing for one a retry cannot fix', () => {
    expect(
      transientDatabaseFailure(
        new QueryFailedError(
          'SELECT',
          [],
          pgError('canceling statement due to statement timeout', '57014'),
        ),
      ),
    ).toBe('canceling statement due to statement timeout (SQLSTATE 57014)');
    expect(transientDatabaseFailure(new Error('timeout exceeded when trying to connect'))).toBe(
      'timeout exceeded when trying to connect',
    );
    expect(
      transientDatabaseFailure(
        new QueryFailedError('INSERT', [], pgError('duplicate key', '23505')),
      ),
    ).toBe(undefined);
    expect(transientDatabaseFailure(new TypeError('x is undefined'))).toBe(undefined);
  });
});
