import { z } from 'zod';
import { documented } from '../shared/schema-metadata';
import { describeValue } from '../shared/value-description';

/** The identifier types an event can carry; how strong each one is, is identity-resolution's concern. */
export const IDENTIFIER_TYPES = [
  'anonymousId',
  'cookieId',
  'deviceId',
  'phone',
  'email',
  'wechatUnionId',
  'wechatOpenId',
  'platformUserId',
  'loyaltyCard',
  'memberId',
] as const;

export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** The identifier types that are unique inside something else: the WeChat app, the channel. */
export type ScopedIdentifierType = 'wechatOpenId' | 'platformUserId';

/**
 * The identifier types whose value alone names one identifier, in IDENTIFIER_TYPES' order: a
 * wechatOpenId is unique only inside its appId, a platformUserId inside its channel.
 */
export const UNSCOPED_IDENTIFIER_TYPES: readonly UnscopedIdentifierType[] = IDENTIFIER_TYPES.filter(
  (type): type is UnscopedIdentifierType => type !== 'wechatOpenId' && type !== 'platformUserId',
);

export type UnscopedIdentifierType = Exclude<IdentifierType, ScopedIdentifierType>;

const value = z.string().min(1).max(256);

// Raw values are accepted as channels send them; ingest normalises phones to E.164 and
// lower-cases emails.
const phone = z.string().regex(/^\+?[0-9][0-9 ()-]{4,31}$/, {
  error: (issue) =>
    issue.input === undefined
      ? 'is required'
      : `expected a phone number, e.g. +8613800138000, got ${describeValue(issue.input)}`,
});

const email = z.email({
  error: (issue) => `expected an email address, got ${describeValue(issue.input)}`,
});

const identifierFields = z.strictObject({
  anonymousId: value.optional(),
  cookieId: value.optional(),
  deviceId: value.optional(),
  phone: phone.optional(),
  email: email.optional(),
  wechatUnionId: value.optional(),
  wechatOpenId: value.optional(),
  appId: value.optional(),
  platformUserId: value.optional(),
  loyaltyCard: value.optional(),
  memberId: value.optional(),
});

export type Identifiers = z.output<typeof identifierFields>;

function openIdNeedsAppId(payload: z.core.ParsePayload<Identifiers>): void {
  const { wechatOpenId, appId } = payload.value;
  if (wechatOpenId !== undefined && appId === undefined) {
    payload.issues.push({
      code: 'custom',
      path: ['appId'],
      input: appId,
      message: 'is required with wechatOpenId: an openId is only unique within one WeChat app',
    });
  }
}

function atLeastOneIdentifier(payload: z.core.ParsePayload<Identifiers>): void {
  if (IDENTIFIER_TYPES.some((type) => payload.value[type] !== undefined)) return;
  payload.issues.push({
    code: 'custom',
    path: [],
    input: payload.value,
    message: `expected at least one identifier of the person: ${IDENTIFIER_TYPES.join(', ')} (only reference feeds may have none)`,
  });
}

const identifiersDescription =
  'Identifiers of the person as the channel knows them. wechatOpenId requires appId; platformUserId is scoped by the channel.';

/** Identifiers that may be empty: reference feeds and service events. */
export const identifiersSchema = documented(identifierFields.check(openIdNeedsAppId), {
  id: 'Identifiers',
  description: identifiersDescription,
});

/** Identifiers of an event about a person: at least one is required. */
export const personIdentifiersSchema = documented(
  identifierFields.check(openIdNeedsAppId, atLeastOneIdentifier),
  {
    id: 'PersonIdentifiers',
    description: `${identifiersDescription} At least one identifier is required.`,
    anyOf: IDENTIFIER_TYPES.map((type) => ({ required: [type] })),
  },
);
