import fc from 'fast-check';
import { Client } from 'pg';
import { scalarArrayLiteral, textArrayLiteral } from '../src/array-literal';

// Talks to the real local Postgres (started by infra/bin/infra-up.sh): Postgres itself parses.
const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('textArrayLiteral', () => {
  const client = new Client({ connectionString: adminUrl });

  beforeAll(() => client.connect());
  afterAll(() => client.end());

  const parsed = async (values: (string | null)[]) =>
    (
      await client.query<{ a: (string | null)[] }>('SELECT $1::text[] AS a', [
        textArrayLiteral(values),
      ])
    ).rows[0].a;

  it('is read back by Postgres as exactly the values, whatever they contain', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 }).map((s) => s.replace(/\0/g, ''));
    const tricky = fc.constantFrom('', 'NULL', 'null', ' a ', '"', '\\', '{}', 'a,b', '\t', 'é');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(text, tricky, fc.constant(null)), { maxLength: 20 }),
        async (values) => {
          expect(await parsed(values)).toEqual(values);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves ids and hex hashes bare and quotes what needs it', () => {
    expect(textArrayLiteral(['cus_0a1b', 'e-1:2.3', 'a b', 'NULL', null, ''])).toBe(
      '{cus_0a1b,e-1:2.3,"a b","NULL",NULL,""}',
    );
    expect(textArrayLiteral([])).toBe('{}');
  });

  it('writes numbers, bigint strings and booleans as Postgres reads them', async () => {
    const { rows } = await client.query<{ n: string[]; b: boolean[]; i: number[] }>(
      'SELECT $1::bigint[] AS n, $2::boolean[] AS b, $3::int[] AS i',
      [
        scalarArrayLiteral(['-9223372036854775808', 9007199254740993n, 0]),
        scalarArrayLiteral([true, false]),
        scalarArrayLiteral([]),
      ],
    );
    expect(rows[0]).toEqual({
      n: ['-9223372036854775808', '9007199254740993', '0'],
      b: [true, false],
      i: [],
    });
  });
});
