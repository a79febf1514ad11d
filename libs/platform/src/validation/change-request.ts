import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ApiError } from '../errors/api-error';
import { freeText, idText } from './text';

/**
 * Every audited change says who makes it and why: spread into a request body's schema. The
 * actor may come from the X-Omni-Actor header instead (see actorOf).
 */
export const changeFields = {
  actor: idText(200).optional().meta({
    description: 'Who makes the change; or the X-Omni-Actor header',
    example: 'ops:li.wei',
  }),
  reason: freeText(2000).meta({ example: '618 campaign' }),
};

/** The body of a change that carries nothing but its actor and reason (publish, archive, end). */
export class ChangeDto extends createZodDto(z.strictObject(changeFields)) {}

export const ACTOR_HEADER = 'x-omni-actor';

const headerActor = idText(200);

/** The actor of a change: the body's, else the header's; neither is a 400 that changes nothing. */
export function actorOf(bodyActor: string | undefined, header: string | undefined): string {
  if (bodyActor !== undefined) return bodyActor;
  const parsed = headerActor.safeParse(header);
  if (parsed.success) return parsed.data;
  throw new ApiError(
    400,
    'invalid_request',
    'actor: name who makes the change in the body or the X-Omni-Actor header',
    {
      details: { issues: [{ path: 'actor', message: 'is required (or the X-Omni-Actor header)' }] },
    },
  );
}

/** Who made a change and why, as audit rows keep it. */
export type Change = { actor: string; reason: string };

/** The change a body with `changeFields` asks for: its reason, by its actor or else the header's. */
export function changeOf(
  body: { actor?: string | undefined; reason: string },
  header: string | undefined,
): Change {
  return { actor: actorOf(body.actor, header), reason: body.reason };
}

/** ISO 8601 with an offset, as a Date. */
export const instant = z.iso
  .datetime({ offset: true, error: 'expected an ISO 8601 date-time with a UTC offset' })
  .transform((value) => new Date(value));

/**
 * A validity window's check, for `.refine`: true unless both ends are given and `validTo` is
 * not after `validFrom`. Each schema says its own message.
 */
export const validToAfterValidFrom = (value: {
  validFrom?: Date | undefined;
  validTo?: Date | undefined;
}): boolean =>
  value.validFrom === undefined || value.validTo === undefined || value.validTo > value.validFrom;

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code in upper case, e.g. CNY')
  .meta({ example: 'CNY' });

/** Money in integer minor units (fen for CNY), never negative. */
export const minorAmount = z
  .int('expected an integer amount in minor units')
  .min(0, 'expected a non-negative amount in minor units')
  .max(Number.MAX_SAFE_INTEGER, 'expected an amount below 2^53');
