import { freeText, idText } from './text';

describe('idText and freeText', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a C0 control', 'a\u001bb'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['a lone high surrogate', 'a\ud83db'],
    ['a lone low surrogate', 'a\ude00b'],
    ['a line break', 'a\nb'],
  ])('an id refuses %s', (_what, value) => {
    expect(idText(64).safeParse(value).success).toBe(false);
  });

  it('an id takes any other Unicode, astral characters included, up to its length', () => {
    expect(idText(64).safeParse('李伟-😀-ü').success).toBe(true);
    expect(idText(4).safeParse('abcde').success).toBe(false);
  });

  it('free text takes tabs and line breaks but no other control characters', () => {
    expect(freeText(64).safeParse('line one\r\n\tline two').success).toBe(true);
    expect(freeText(64).safeParse('a\u0000b').success).toBe(false);
    expect(freeText(64).safeParse('a\u0007b').success).toBe(false);
    expect(freeText(64).safeParse('a\ud83d').success).toBe(false);
  });
});
