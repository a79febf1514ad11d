import { z } from 'zod';
import { documented } from '../shared/schema-metadata';
import { describeValue } from '../shared/value-description';

/** Every sales, content, owned and contact channel Omni takes events from. */
export const CHANNELS = [
  'tmall',
  'jd',
  'pinduoduo',
  'douyin',
  'kuaishou',
  'xiaohongshu',
  'wechat-miniprogram',
  'app',
  'web',
  'pos',
  'call-center',
  'email',
  'sms',
  'push',
] as const;

export type Channel = (typeof CHANNELS)[number];

export const channelSchema = documented(
  z.enum(CHANNELS, {
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : `expected one of ${CHANNELS.join(', ')}, got ${describeValue(issue.input)}`,
  }),
  { id: 'Channel', description: 'The channel the event comes from or is about.' },
);
