import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings the service runs with, applied before anything else is loaded so that all of
 * its code is compiled under them (NODE_OPTIONS cannot carry V8 flags like these, so they are
 * set here rather than in each launcher).
 *
 * Allocation-site pretenuring is off. Under a burst the consumer's batches live long enough
 * that V8 starts allocating the per-event objects of those sites (decoded messages, parsed
 * rows, validated envelopes) straight into the old generation, and it keeps doing so once the
 * load is back to normal, where the same objects die within one batch. The old generation
 * then filled with garbage every ~3.6 s at half load and each mark-compact, with its
 * concurrent marking competing for the two cores, held transactions back long enough to set
 * the p99 latency. Without pretenuring those objects die young (identity-resolution:bench,
 * docs/adr/0008-identity-without-v8-pretenuring.md).
 */
setFlagsFromString('--no-allocation-site-pretenuring');
