import { AsyncLocalStorage, AsyncResource, executionAsyncId } from 'node:async_hooks';
import { installLeanAsyncResourceBind } from './async-resource-bind';

describe('the lean AsyncResource.bind', () => {
  beforeAll(() => installLeanAsyncResourceBind());

  it('runs the function in the resource’s async scope, with its arguments and this', () => {
    const resource = new AsyncResource('test');
    const seen: unknown[] = [];
    const bound = resource.bind(function (this: unknown, a: number, b: number) {
      seen.push(executionAsyncId(), this, a + b);
      return a * b;
    });
    const self = { name: 'self' };
    expect(bound.call(self, 2, 3)).toBe(6);
    expect(seen).toEqual([resource.asyncId(), self, 5]);
    expect(bound.length).toBe(2);
  });

  it('keeps the length of a function of any arity, and passes on exactly the arguments given', () => {
    const resource = new AsyncResource('test');
    const functions = [
      function () {
        return arguments.length;
      },
      function (_a: unknown) {
        return arguments.length;
      },
      function (_a: unknown, _b: unknown) {
        return arguments.length;
      },
      function (_a: unknown, _b: unknown, _c: unknown) {
        return arguments.length;
      },
      function (_a: unknown, _b: unknown, _c: unknown, _d: unknown) {
        return arguments.length;
      },
      function (_a: unknown, _b: unknown, _c: unknown, _d: unknown, _e: unknown) {
        return arguments.length;
      },
    ];
    functions.forEach((fn, arity) => {
      const bound = resource.bind(fn) as (...values: unknown[]) => number;
      expect(bound.length).toBe(arity);
      expect(bound()).toBe(0);
      expect(bound(1)).toBe(1);
      expect(bound(1, 2, 3, 4, 5, 6, 7)).toBe(7);
    });
  });

  it('uses thisArg when given', () => {
    const self = { name: 'given' };
    // Node's bind takes a thisArg too, which @types/node does not declare.
    const bind = AsyncResource.prototype.bind as unknown as (
      this: AsyncResource,
      fn: () => unknown,
      thisArg: unknown,
    ) => () => unknown;
    const bound = bind.call(
      new AsyncResource('test'),
      function (this: unknown) {
        return this;
      },
      self,
    );
    expect(bound.call({ name: 'caller' })).toBe(self);
  });

  it('carries the AsyncLocalStorage store of where the resource was made', () => {
    const storage = new AsyncLocalStorage<string>();
    const bound = storage.run('request', () =>
      new AsyncResource('test').bind(() => storage.getStore()),
    );
    expect(storage.run('elsewhere', () => bound())).toBe('request');
  });

  it('refuses what is not a function', () => {
    expect(() => new AsyncResource('test').bind(42 as never)).toThrow(TypeError);
  });
});
