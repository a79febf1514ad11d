import { classifyCommitFailure } from './commit-failure';

/** An error as node-postgres reports it (TypeORM's QueryFailedError copies these fields). */
const postgresError = (code: string) =>
  Object.assign(new Error(`postgres said ${code}`), { code, severity: 'ERROR' });

/** An error as kafkajs reports a broker's answer, wrapped as the pipeline wraps it. */
const kafkaError = (type: string) =>
  new Error('publish failed', { cause: Object.assign(new Error(type), { type }) });

describe('classifyCommitFailure', () => {
  it('blames the data for Postgres data exceptions, e.g. a NUL (22021) or an untranslatable character (22P05)', () => {
    expect(classifyCommitFailure(postgresError('22021'))).toBe('client-fault');
    expect(classifyCommitFailure(postgresError('22P05'))).toBe('client-fault');
  });

  it('blames the data for a record Kafka refuses', () => {
    expect(classifyCommitFailure(kafkaError('MESSAGE_TOO_LARGE'))).toBe('client-fault');
    expect(classifyCommitFailure(kafkaError('RECORD_LIST_TOO_LARGE'))).toBe('client-fault');
  });

  it('calls a lost connection, an overloaded or shutting-down database, or a deadlock unavailable', () => {
    for (const code of ['08006', '53300', '57P01', '40P01', '40001', '55P03'])
      expect([code, classifyCommitFailure(postgresError(code))]).toEqual([code, 'unavailable']);
  });

  it('calls errors without a SQLSTATE (sockets, timeouts, brokers) unavailable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyCommitFailure(refused)).toBe('unavailable');
    expect(classifyCommitFailure(new Error('Kafka did not acknowledge within 10000 ms'))).toBe(
      'unavailable',
    );
    expect(classifyCommitFailure(kafkaError('NOT_LEADER_FOR_PARTITION'))).toBe('unavailable');
  });

  it('calls programming errors and other SQLSTATEs internal, not unavailable', () => {
    expect(classifyCommitFailure(new RangeError('Maximum call stack size exceeded'))).toBe(
      'internal',
    );
    expect(
      classifyCommitFailure(new Error('publish failed', { cause: new TypeError('BigInt') })),
    ).toBe('internal');
    expect(classifyCommitFailure(postgresError('42P01'))).toBe('internal');
  });
});
