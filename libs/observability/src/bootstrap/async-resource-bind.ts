import { AsyncResource } from 'node:async_hooks';

let installed = false;

/**
 * `AsyncResource.prototype.bind` without the deprecated `asyncResource` accessor (DEP0172) that
 * node defines on every bound function, through `util.deprecate` wrappers. Fastify binds its
 * body parser's callback this way once per request with a body, and with node's version the
 * scavenger promoted almost everything a request allocates: in a bare Fastify app on node 24,
 * 9–11 MB at each scavenge (`--trace-gc-nvp`, promotion rate 100%) and 20–70 ms pauses; with
 * this one, nothing promoted and pauses under 1 ms. The bound function is otherwise node's: it
 * runs `fn` in the resource's async scope with the caller's `this` (or `thisArg`) and
 * arguments, and keeps `fn.length`.
 */
export function installLeanAsyncResourceBind(): void {
  if (installed) return;
  installed = true;
  AsyncResource.prototype.bind = function bind<Func extends (...args: never[]) => unknown>(
    this: AsyncResource,
    fn: Func,
    thisArg?: unknown,
  ): Func {
    if (typeof fn !== 'function')
      throw new TypeError(`The "fn" argument must be of type function. Received ${typeof fn}`);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the resource the bound function runs in
    const resource = this;
    const target = fn as unknown as (...values: unknown[]) => unknown;
    const call = (self: unknown, args: IArguments) =>
      resource.runInAsyncScope(target, thisArg === undefined ? self : thisArg, ...args);
    /* eslint-disable prefer-rest-params -- a rest parameter would not count in `length` */
    // Up to 3 parameters (Fastify's body parser callback takes 2) the bound function declares as
    // many as `fn`, which gives it fn's `length`: redefining `length` on each bound function made
    // bind and one call about 1 µs against 0.1 µs, measured alone. Either way the bound function
    // passes on exactly the arguments it was given.
    switch (fn.length) {
      case 0:
        return function (this: unknown) {
          return call(this, arguments);
        } as unknown as Func;
      case 1:
        return function (this: unknown, _a: unknown) {
          return call(this, arguments);
        } as unknown as Func;
      case 2:
        return function (this: unknown, _a: unknown, _b: unknown) {
          return call(this, arguments);
        } as unknown as Func;
      case 3:
        return function (this: unknown, _a: unknown, _b: unknown, _c: unknown) {
          return call(this, arguments);
        } as unknown as Func;
    }
    const bound = function (this: unknown) {
      return call(this, arguments);
    };
    /* eslint-enable prefer-rest-params */
    Object.defineProperty(bound, 'length', { configurable: true, value: fn.length });
    return bound as unknown as Func;
  } as typeof AsyncResource.prototype.bind;
}
