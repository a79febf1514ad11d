import { z } from 'zod';
import { ApiError } from '../errors/api-error';
import {
  actorOf,
  changeFields,
  changeOf,
  instant,
  minorAmount,
  validToAfterValidFrom,
} from './change-request';

describe('audited changes', () => {
  it("takes the body's actor, else the header's", () => {
    expect(actorOf('ops:li.wei', 'ops:other')).toBe('ops:li.wei');
    expect(actorOf(undefined, 'ops:other')).toBe('ops:other');
  });

  it("reads a body's change: its reason, by its actor or else the header's", () => {
    expect(changeOf({ actor: 'ops:li.wei', reason: '618' }, 'ops:other')).toEqual({
      actor: 'ops:li.wei',
      reason: '618',
    });
    expect(changeOf({ reason: '618' }, 'ops:other')).toEqual({ actor: 'ops:other', reason: '618' });
  });

  it('refuses a change that names no actor with 400 invalid_request', () => {
    let refused: unknown;
    try {
      actorOf(undefined, undefined);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).getStatus()).toBe(400);
    expect((refused as ApiError).code).toBe('invalid_request');
  });

  it('needs a reason and reads instants and minor amounts strictly', () => {
    const body = z.object(changeFields);
    expect(body.safeParse({ actor: 'ops:li.wei' }).success).toBe(false);
    expect(body.parse({ reason: 'price match' })).toEqual({ reason: 'price match' });
    expect(instant.parse('2026-06-18T20:00:00+08:00')).toEqual(new Date('2026-06-18T12:00:00Z'));
    expect(instant.safeParse('2026-06-18T20:00:00').success).toBe(false);
    expect(minorAmount.safeParse(19.9).success).toBe(false);
    expect(minorAmount.safeParse(-1).success).toBe(false);
  });
});

describe('validToAfterValidFrom', () => {
  const at = (iso: string) => new Date(iso);
  it('accepts an open end on either side and a window that ends after it starts', () => {
    expect(validToAfterValidFrom({})).toBe(true);
    expect(validToAfterValidFrom({ validFrom: at('2026-06-01T00:00:00Z') })).toBe(true);
    expect(validToAfterValidFrom({ validTo: at('2026-06-01T00:00:00Z') })).toBe(true);
    expect(
      validToAfterValidFrom({
        validFrom: at('2026-06-01T00:00:00Z'),
        validTo: at('2026-06-18T00:00:00Z'),
      }),
    ).toBe(true);
  });

  it('refuses a window that ends when or before it starts', () => {
    const start = at('2026-06-18T00:00:00Z');
    expect(validToAfterValidFrom({ validFrom: start, validTo: start })).toBe(false);
    expect(validToAfterValidFrom({ validFrom: start, validTo: at('2026-06-01T00:00:00Z') })).toBe(
      false,
    );
  });
});
