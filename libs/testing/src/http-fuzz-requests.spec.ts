import { isUtf8 } from 'node:buffer';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import {
  hostileRequests,
  percentEncode,
  unroutedRequests,
  validRequests,
  type EndpointTemplate,
  type FuzzRequest,
} from './http-fuzz-requests';

const template: EndpointTemplate = {
  method: 'POST',
  path: '/v1/profiles/{customerId}/split',
  params: { customerId: fc.constant('cus a/ü') },
  query: fc.constant({ mode: 'a&b' }),
  headers: { authorization: 'Bearer token-0123456789' },
  body: fc.constant({ identifiers: [{ type: 'email', value: 'ann@example.com' }], dryRun: true }),
};

const valid: FuzzRequest = {
  method: 'POST',
  target: '/v1/profiles/cus%20a%2F%C3%BC/split?mode=a%26b',
  headers: { 'content-type': 'application/json', authorization: 'Bearer token-0123456789' },
  body: Buffer.from('{"identifiers":[{"type":"email","value":"ann@example.com"}],"dryRun":true}'),
};

const isJson = (body: Buffer) => {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
};

describe('fuzz requests', () => {
  it('percent-encodes everything outside the unreserved set, byte by byte', () => {
    expect(percentEncode('a-._~ /%\u0000𝕏')).toBe('a-._~%20%2F%25%00%F0%9D%95%8F');
  });

  it('render a valid request from the template', () => {
    expect(fc.sample(validRequests(template), 1)[0]).toEqual(valid);
  });

  it('are always requests Node can put on the wire', () => {
    fc.assert(
      fc.property(fc.oneof(hostileRequests(template), unroutedRequests()), (request) => {
        expect(request.target).toMatch(/^\/[\u0021-\u00ff]*$/);
        for (const [name, value] of Object.entries(request.headers)) {
          validateHeaderName(name);
          for (const one of [value].flat()) validateHeaderValue(name, one);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('mutate bodies holding hundreds of thousands of values', () => {
    const large = { ...template, body: fc.constant({ items: Array<number>(300_000).fill(0) }) };
    const requests = fc.sample(hostileRequests(large), { numRuns: 30, seed: 3 });
    expect(requests.filter((request) => request.target.startsWith('/v1/profiles/'))).toHaveLength(
      requests.length,
    );
    expect(requests.some((request) => (request.body?.length ?? 0) > 600_000)).toBe(true);
  });

  it('get every layer of the request wrong somewhere in a run', () => {
    const requests = fc.sample(hostileRequests(template), { numRuns: 3_000, seed: 7 });
    const some = (what: string, check: (request: FuzzRequest) => boolean) =>
      expect([what, requests.some(check)]).toEqual([what, true]);
    const body = (request: FuzzRequest) => request.body ?? Buffer.alloc(0);
    some('a body that is not JSON', (r) => !isJson(body(r)));
    some('a body that is not UTF-8', (r) => !isUtf8(body(r)));
    some('a body over 1 MiB', (r) => body(r).length > 1_048_576);
    some('a body nested 1,000 deep', (r) => body(r).includes('['.repeat(1_000)));
    some('a NUL', (r) => body(r).includes('\\u0000'));
    some('a lone surrogate', (r) => /\\ud[89ab]/i.test(body(r).toString()));
    some('a prototype key', (r) => body(r).includes('"__proto__"'));
    some('a repeated key', (r) => /"dryRun":.*"dryRun":/.test(body(r).toString()));
    some('an extreme number', (r) => /1e309|9007199254740993|-0[,}\]]/.test(body(r).toString()));
    some('a field of the wrong type', (r) => body(r).includes('"dryRun":"'));
    some('another content type', (r) => r.headers['content-type'] !== 'application/json');
    some('no credentials', (r) => r.headers.authorization === undefined);
    some('wrong credentials', (r) => {
      const sent = r.headers.authorization;
      return typeof sent === 'string' && sent !== valid.headers.authorization;
    });
    some('a NUL in the path', (r) => r.target.split('?')[0].includes('%00'));
    some('a repeated query key', (r) => (r.target.match(/mode=/g) ?? []).length > 1);
    some('another method', (r) => r.method !== 'POST');
  });
});
