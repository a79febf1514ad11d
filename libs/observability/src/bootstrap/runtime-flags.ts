import { setFlagsFromString } from 'node:v8';

/** The V8 flags every service process runs with (docs/adr/0032-no-pretenuring-in-every-service.md). */
export const SERVICE_V8_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring'];

let applied = false;

/**
 * Turns V8's allocation-site pretenuring off for this process, once. Called first by
 * `startTracing` (the first import of every service's main.ts) and again, harmlessly, by
 * `createServiceApp` for processes that build an app without starting tracing (benches, tests).
 *
 * Under a burst (a consumer's backlog, a saturation run) the objects of a request or a batch
 * outlive a scavenge or two, and V8 then allocates those sites (parsed pg rows, Nest's pipes and
 * handler frames, Fastify's request state, socket writes) straight into the old generation, and
 * keeps doing so afterwards. Each such object dies within its request, but until the next
 * mark-compact it is an old object whose fields point at the young ones the request allocated
 * next, and a scavenge keeps everything an old object points at. So every scavenge copied and
 * promoted whole requests: in crm at 1,000 GETs/s ~3 MB each time (10–14 ms pauses on the quiet
 * machine), whatever the rate or the tracing, and a mark-compact did not reset it. Without
 * pretenuring those objects are young and die young (0.15 MB a scavenge, ~3 ms). NODE_OPTIONS
 * cannot carry this V8 flag, which is why it is set from code.
 */
export function applyServiceV8Flags(): void {
  if (applied) return;
  applied = true;
  for (const flag of SERVICE_V8_FLAGS) setFlagsFromString(flag);
}
