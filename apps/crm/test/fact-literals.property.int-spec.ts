import fc from 'fast-check';
import { useHarness } from '@omni/testing';
import { CustomersRepository, type CustomerFact } from '../src/customers/customers.repository';
import { startCrm } from './support/crm-harness';

/**
 * Facts are sent as array literals (textArrayLiteral), not as node-pg array parameters: whatever
 * their text holds (quotes, backslashes, braces, commas, white space, "NULL", nothing at all),
 * what is read back is what was written.
 */
describe('facts written as array literals', () => {
  const crm = useHarness(startCrm);

  const awkward = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '',
      'NULL',
      'null',
      ' x ',
      'a,b',
      '{x}',
      '"q"',
      'back\\slash',
      '杭州市',
      '\t\n',
    ),
  );

  it('reads back every column of every fact as written', async () => {
    const repository = crm.app.get(CustomersRepository);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            channel: fc.option(awkward, { nil: null }),
            orderId: fc.option(awkward, { nil: null }),
            amount: fc.option(fc.integer({ min: -1_000_000, max: 1_000_000 }), { nil: null }),
            currency: fc.option(awkward, { nil: null }),
            trait: fc.option(awkward, { nil: null }),
            ms: fc.integer({ min: 0, max: 10 ** 12 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (rows) => {
          run++;
          const customerId = `cus_literal_${run}`;
          const facts: CustomerFact[] = rows.map((row, i) => ({
            eventKey: `literal-${run}-${i} ${row.trait ?? ''}`,
            customerId,
            type: 'customer.identified',
            channel: row.channel,
            occurredAt: new Date(1_700_000_000_000 + row.ms),
            orderId: row.orderId,
            amount: row.amount,
            currency: row.currency,
            data: row.trait === null ? null : { traits: { note: row.trait } },
          }));
          const recorded = await crm.dataSource.transaction((tx) =>
            repository.insertFacts(tx, facts),
          );
          expect([...recorded].sort()).toEqual(facts.map((fact) => fact.eventKey).sort());
          const read = await repository.factsOfMany(crm.dataSource.manager, [customerId]);
          const byKey = (a: CustomerFact, b: CustomerFact) => (a.eventKey < b.eventKey ? -1 : 1);
          expect(
            read.sort(byKey).map((fact) => ({ ...fact, amount: fact.amount ?? null })),
          ).toEqual([...facts].sort(byKey));
        },
      ),
      { numRuns: 40 },
    );
  });
});
