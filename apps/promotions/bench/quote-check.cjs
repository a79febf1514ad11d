// The quote bench's answer check (runHttpLoad's `check`): a whole quote, ending with its hash.
'use strict';

const HASHED_END = /,"hash":"[0-9a-f]{64}"}$/;

exports.check = (body) => {
  // Only the end: the answer is ~34 KB and the hash closes it.
  const end = body.toString('utf8', Math.max(0, body.length - 100));
  if (!HASHED_END.test(end)) throw new Error(`quote answered: ${body.toString('utf8', 0, 300)}`);
};
