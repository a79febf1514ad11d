export * from './default-rules';
export * from './money';
export * from './promotion-rule';
export * from './quote';
export * from './rule-registry';
export * from './stacking';
export * from './types';
