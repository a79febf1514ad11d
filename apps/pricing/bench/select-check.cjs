// The select bench's answer check (runHttpLoad's `check`): an answer prices every SKU it asked.
'use strict';

exports.check = (body) => {
  const answer = JSON.parse(body.toString('utf8'));
  if (!Array.isArray(answer.prices) || answer.prices.some((price) => price.status === 'no_price'))
    throw new Error(`select answered without a price: ${body.toString('utf8', 0, 300)}`);
};
