import { IDENTIFIER_TYPES, UNSCOPED_IDENTIFIER_TYPES } from './identifiers.schema';

describe('UNSCOPED_IDENTIFIER_TYPES', () => {
  it('is every identifier type but the two unique only inside an app or a channel, in the same order', () => {
    expect(UNSCOPED_IDENTIFIER_TYPES).toEqual([
      'anonymousId',
      'cookieId',
      'deviceId',
      'phone',
      'email',
      'wechatUnionId',
      'loyaltyCard',
      'memberId',
    ]);
    expect(
      IDENTIFIER_TYPES.filter((type) => !UNSCOPED_IDENTIFIER_TYPES.includes(type as never)),
    ).toEqual(['wechatOpenId', 'platformUserId']);
  });
});
