// The kit's audited-change fields and the value schemas promotions' requests share.
export {
  ACTOR_HEADER,
  actorOf,
  changeFields,
  currencyCode,
  instant,
  minorAmount,
  type Change,
} from '@omni/platform';
