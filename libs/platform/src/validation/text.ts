import { z } from 'zod';

// \p{Cc}: C0 and C1 controls and DEL (Postgres refuses NUL in text). \p{Cs}: lone surrogates,
// which no UTF-8 encoder can represent faithfully.
const controlOrLoneSurrogate = /[\p{Cc}\p{Cs}]/u;
const controlExceptWhiteSpaceOrLoneSurrogate = /[^\P{Cc}\t\n\r]|\p{Cs}/u;

const bounded = (maxLength: number) =>
  z.string().min(1, 'must not be empty').max(maxLength, `must be at most ${maxLength} characters`);

/** An id or identifier value: bounded, without control characters or lone surrogates. */
export const idText = (maxLength: number) =>
  bounded(maxLength).refine(
    (text) => !controlOrLoneSurrogate.test(text),
    'must not contain control characters or lone surrogates',
  );

/** Free text such as a reason: bounded; tabs and line breaks allowed, other controls not. */
export const freeText = (maxLength: number) =>
  bounded(maxLength).refine(
    (text) => !controlExceptWhiteSpaceOrLoneSurrogate.test(text),
    'must not contain control characters (other than tabs and line breaks) or lone surrogates',
  );
