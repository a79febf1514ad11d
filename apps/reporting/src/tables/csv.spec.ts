import { csvField, csvLines, csvRecord } from './csv';

describe('the CSV writer (RFC 4180)', () => {
  it('writes plain text, numbers and booleans as they are, and null as an empty field', () => {
    expect(csvRecord(['web', 30_000, 0.25, true, null])).toBe('web,30000,0.25,true,\r\n');
  });

  it('quotes a field holding a comma, a quote or a line break, doubling the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvField('')).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField(-0.5)).toBe('-0.5');
  });

  it('yields the header and then one CRLF record per row, as the rows come', async () => {
    async function* rows() {
      yield ['web', 'a, "b"'];
      yield ['tmall', null];
    }
    const lines: string[] = [];
    for await (const line of csvLines(['channel', 'note'], rows())) lines.push(line);
    expect(lines).toEqual(['channel,note\r\n', 'web,"a, ""b"""\r\n', 'tmall,\r\n']);
  });
});
