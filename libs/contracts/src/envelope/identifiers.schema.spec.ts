import { IDENTIFIER_TYPES, UNSCOPED_IDENTIFIER_TYPES } from './identifiers.schema';

describe('UNSCOPED_IDENTIFIER_TYPES', () => {
  const unscoped: readonly string[] = UNSCOPED_IDENTIFIER_TYPES;

  it('leaves out exactly the types unique only inside an app or a channel', () => {
    expect(IDENTIFIER_TYPES.filter((type) => !unscoped.includes(type))).toEqual([
      'wechatOpenId',
      'platformUserId',
    ]);
  });

  it('keeps the order of IDENTIFIER_TYPES', () => {
    expect(unscoped).toEqual(IDENTIFIER_TYPES.filter((type) => unscoped.includes(type)));
    expect(unscoped.slice(0, 2)).toEqual(['anonymousId', 'cookieId']);
  });
});
