import { lookupParams } from './profile-lookup.client';

describe('lookupParams', () => {
  it('keeps plain identifier types as they are', () => {
    expect(lookupParams('phone:+8613912345678')).toEqual({
      type: 'phone',
      value: '+8613912345678',
    });
    expect(lookupParams('email:li.wei.12345678@163.com')).toEqual({
      type: 'email',
      value: 'li.wei.12345678@163.com',
    });
  });

  it('moves the scope of platform ids and WeChat openIds into the type, as identity-resolution scopes them', () => {
    expect(lookupParams('platformUserId:tmall:t_0123456789')).toEqual({
      type: 'platformUserId:tmall',
      value: 't_0123456789',
    });
    expect(lookupParams('wechatOpenId:wx8f3c:oAbC')).toEqual({
      type: 'wechatOpenId:wx8f3c',
      value: 'oAbC',
    });
  });
});
