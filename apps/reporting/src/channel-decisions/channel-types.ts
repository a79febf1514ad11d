/** The type of each channel, which picks its health-index weights (a type without weights uses "default"). */
const TYPES: Readonly<Record<string, string>> = {
  tmall: 'marketplace',
  jd: 'marketplace',
  pinduoduo: 'marketplace',
  douyin: 'content',
  kuaishou: 'content',
  xiaohongshu: 'content',
  'wechat-miniprogram': 'private-domain',
  app: 'owned',
  web: 'owned',
  pos: 'offline',
  'call-center': 'offline',
  email: 'messaging',
  sms: 'messaging',
  push: 'messaging',
};

export const channelType = (channel: string): string => TYPES[channel] ?? 'other';
