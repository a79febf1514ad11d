import { RetentionQueryDto } from '../retention/dto/retention.dto';
import { FunnelTableQueryDto } from '../tables/dto/table-queries.dto';

describe('fromBeforeTo', () => {
  it('refuses a report range whose from is not before its to, naming from', () => {
    for (const schema of [RetentionQueryDto.schema, FunnelTableQueryDto.schema]) {
      const result = schema.safeParse({
        from: '2026-04-01T00:00:00Z',
        to: '2026-04-01T00:00:00Z',
      });
      expect(result.error?.issues).toEqual([
        expect.objectContaining({ message: 'from must be before to', path: ['from'] }),
      ]);
    }
  });

  it('accepts a range whose from comes first', () => {
    const result = RetentionQueryDto.schema.safeParse({
      from: '2026-03-01T00:00:00+08:00',
      to: '2026-04-01T00:00:00Z',
    });
    expect(result.success).toBe(true);
  });
});
