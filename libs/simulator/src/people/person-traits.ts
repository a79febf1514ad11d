/** Names and places for identification traits; pinyin forms feed email addresses. */

export const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['黄', 'huang'],
  ['赵', 'zhao'],
  ['吴', 'wu'],
  ['周', 'zhou'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['马', 'ma'],
  ['朱', 'zhu'],
  ['胡', 'hu'],
  ['郭', 'guo'],
  ['何', 'he'],
  ['林', 'lin'],
];

export const FEMALE_GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ['芳', 'fang'],
  ['娜', 'na'],
  ['静', 'jing'],
  ['敏', 'min'],
  ['丽', 'li'],
  ['婷', 'ting'],
  ['雪', 'xue'],
  ['佳怡', 'jiayi'],
  ['欣怡', 'xinyi'],
  ['梓涵', 'zihan'],
  ['思雨', 'siyu'],
  ['雨桐', 'yutong'],
];

export const MALE_GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ['伟', 'wei'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['洋', 'yang'],
  ['杰', 'jie'],
  ['浩然', 'haoran'],
  ['子轩', 'zixuan'],
  ['宇航', 'yuhang'],
];

export const PLACES: readonly (readonly [string, string])[] = [
  ['上海市', '上海市'],
  ['北京市', '北京市'],
  ['广东省', '广州市'],
  ['广东省', '深圳市'],
  ['浙江省', '杭州市'],
  ['四川省', '成都市'],
  ['江苏省', '南京市'],
  ['湖北省', '武汉市'],
  ['陕西省', '西安市'],
  ['重庆市', '重庆市'],
];

export const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['qq.com', 0.45],
  ['163.com', 0.25],
  ['126.com', 0.1],
  ['foxmail.com', 0.08],
  ['outlook.com', 0.07],
  ['gmail.com', 0.05],
];

/**
 * Mobile prefixes of the three carriers. 138 is left out on purpose: 13800138000 is the
 * well-known test number that identity resolution blocks.
 */
export const MOBILE_PREFIXES: readonly string[] = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '176',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
];
