import { decodeHeaders, encodeValue, rawHeaders } from './message-encoding';

describe('message encoding', () => {
  it('serialises objects as JSON and sends bytes and text unchanged', () => {
    expect(encodeValue({ eventId: 'e1', n: 1 })).toBe('{"eventId":"e1","n":1}');
    const bytes = Buffer.from([0xff, 0x00]);
    expect(encodeValue(bytes)).toBe(bytes);
    expect(encodeValue('already text')).toBe('already text');
  });

  it('refuses a value JSON cannot represent', () => {
    expect(() => encodeValue(undefined)).toThrow(/cannot serialise a undefined/);
  });

  it('decodes header bytes to text and keeps the last of repeated headers', () => {
    expect(
      decodeHeaders({ a: Buffer.from('x'), b: [Buffer.from('1'), Buffer.from('2')], c: undefined }),
    ).toEqual({ a: 'x', b: '2' });
    expect(decodeHeaders(undefined)).toEqual({});
  });

  it('keeps raw headers byte for byte for re-publishing', () => {
    const bytes = Buffer.from([1, 2, 3]);
    expect(rawHeaders({ a: bytes, b: undefined })).toEqual({ a: bytes });
  });
});
