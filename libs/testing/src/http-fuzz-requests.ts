import fc from 'fast-check';
import {
  deepNesting,
  encodeJson,
  hostileKey,
  hostileValue,
  hugeString,
  INVALID_UTF8,
  JsonEntries,
  PROTOTYPE_KEYS,
  RawBytes,
  RawJson,
} from './http-fuzz-values';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** One request as it goes on the wire. */
export type FuzzRequest = {
  method: string;
  /** Path and query exactly as on the request line, already percent-encoded. */
  target: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
};

/** What a valid request to one endpoint looks like; hostile requests are mutations of it. */
export type EndpointTemplate = {
  method: HttpMethod;
  /** The path as the OpenAPI document writes it, e.g. /v1/profiles/{customerId}. */
  path: string;
  /** Valid values for the path's parameters. */
  params?: Record<string, fc.Arbitrary<string>>;
  /** Valid query parameters. */
  query?: fc.Arbitrary<Record<string, string>>;
  /** Headers a valid request carries, e.g. authorization. */
  headers?: Record<string, string>;
  /** Valid JSON bodies; none for endpoints that take no body. */
  body?: fc.Arbitrary<unknown>;
};

/** A request being mutated: parts kept apart until rendered, so each layer can go wrong alone. */
type Draft = {
  method: string;
  path: string;
  params: Record<string, string>;
  query: string;
  headers: Record<string, string | string[]>;
  body: { json: unknown } | { raw: Buffer } | undefined;
};

type Mutation = (draft: Draft) => Draft;

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes every byte outside RFC 3986's unreserved set (lone surrogates become U+FFFD). */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && UNRESERVED.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const encodeQuery = (query: Record<string, string>): string =>
  Object.entries(query)
    .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
    .join('&');

/** Path segments and query values as sent: encoded strange text, raw bytes, broken escapes, huge. */
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '%00',
      'a%00b',
      '%FF',
      '%ED%A0%80',
      '%C0%80',
      '%F4%90%80%80',
      '%',
      '%zz',
      '%E0%A4',
      '..',
      '.',
      '%2e%2e',
      '%2F',
      'a%2Fb',
      '%5C',
      '%20',
      '+',
      '*',
      '%0D%0A',
      '%u0000',
      ...PROTOTYPE_KEYS,
    ),
  },
  {
    weight: 4,
    arbitrary: fc
      .oneof(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constantFrom('\u0000', '𝕏'.repeat(129)),
      )
      .map(percentEncode),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 300, max: 40_000 }).map((length) => 'x'.repeat(length)),
  },
  { weight: 1, arbitrary: fc.constant('') },
);

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json;;',
  'application/json, text/plain',
  'application/jsonx',
  'application/vnd.api+json',
  'text/json',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/xml',
  '*/*',
  '',
  ' ',
  'json',
  '\u00ff/\u00ff',
];

/** Header values Node can send (tab, printable ASCII and latin-1), some past the header limit. */
const headerValue = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', ' ', '\t', '\u00ff\u00fe', 'null', 'undefined', '%00'),
  fc.integer({ min: 9_000, max: 20_000 }).map((length) => 'h'.repeat(length)),
);

const credentialMutation: fc.Arbitrary<(current: string | undefined) => string | undefined> =
  fc.oneof(
    fc.constant(() => undefined),
    headerValue.map((value) => () => value),
    fc
      .tuple(
        fc.constantFrom('Bearer', 'bearer', 'BEARER', 'Basic', 'basic', 'Token', 'Digest'),
        headerValue,
      )
      .map(
        ([scheme, value]) =>
          () =>
            `${scheme} ${value}`,
      ),
    fc
      .constantFrom(
        'Bearer',
        'Bearer ',
        'Basic',
        'Basic ',
        'Basic ===',
        'Basic %%%',
        `Basic ${Buffer.from(':').toString('base64')}`,
        `Basic ${Buffer.from('\u0000:\u0000').toString('base64')}`,
        `Basic ${Buffer.from([0xff, 0xfe, 0x3a]).toString('base64')}`,
        `Basic ${Buffer.from('omni.x.y').toString('base64')}`,
        'Bearer omni.x.y',
        'Bearer omni..',
        'Bearer a b',
      )
      .map((value) => () => value),
    fc.integer({ min: 0, max: 200 }).map((at) => (current: string | undefined) => {
      if (!current) return current;
      const index = at % current.length;
      const flipped = current[index] === 'A' ? 'B' : 'A';
      return current.slice(0, index) + flipped + current.slice(index + 1);
    }),
    fc.constant((current: string | undefined) => current && `${current}${current}`),
    fc.constant((current: string | undefined) => current && current.slice(0, -1)),
  );

/** Bodies that are not a JSON value of the right shape, down to the bytes. */
const hostileRawBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .constantFrom(
      '',
      ' ',
      'null',
      'true',
      '0',
      '-0',
      '1e309',
      '"text"',
      '[]',
      '{}',
      '[{}]',
      '{',
      '}',
      '{"a":}',
      '{"a":1,}',
      '{a:1}',
      "{'a':1}",
      '{"a":1}{"a":2}',
      '{"a":1} trailing',
      '{"a":1}\u0000',
      '/* comment */ {}',
      '{"a":NaN}',
      '{"a":Infinity}',
      '{"a":undefined}',
      '{"a":"\\ud800"}',
      '{"a":"\\u0000"}',
      '{"a":"\\x00"}',
      '{"a":"\\',
      '\ufeff{}',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '\u0000',
      'a=1&b=2',
    )
    .map((text) => Buffer.from(text, 'utf8')),
  fc.uint8Array({ maxLength: 2_048 }).map((bytes) => Buffer.from(bytes)),
  fc
    .tuple(fc.constantFrom(...INVALID_UTF8), fc.constantFrom('{"a":"', '["', '{"'))
    .map(([bad, prefix]) => Buffer.concat([Buffer.from(prefix), bad, Buffer.from('"}')])),
  deepNesting.map((value) => encodeJson(value)),
  hugeString.map((value) => encodeJson({ value })),
  fc.jsonValue({ maxDepth: 4 }).map((value) => encodeJson(value)),
);

/** The path of every node, walked without recursion: bodies may hold hundreds of thousands. */
function jsonPaths(root: unknown): (string | number)[][] {
  const paths: (string | number)[][] = [];
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    paths.push(node.path);
    const { value, path } = node;
    if (Array.isArray(value))
      value.forEach((item, index) => pending.push({ value: item, path: [...path, index] }));
    else if (isPlainObject(value))
      for (const [key, item] of Object.entries(value))
        pending.push({ value: item, path: [...path, key] });
  }
  return paths;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof RawJson) &&
  !(value instanceof RawBytes) &&
  !(value instanceof JsonEntries);

/** A copy of `root` with the node at `path` passed through `change`. */
function updateAt(
  root: unknown,
  path: readonly (string | number)[],
  change: (node: unknown, parent: unknown) => unknown,
  parent: unknown = undefined,
): unknown {
  if (path.length === 0) return change(root, parent);
  const [head, ...rest] = path;
  if (Array.isArray(root))
    return root.map((item, index) => (index === head ? updateAt(item, rest, change, root) : item));
  if (isPlainObject(root))
    return Object.fromEntries(
      Object.entries(root).map(([key, item]) => [
        key,
        key === head ? updateAt(item, rest, change, root) : item,
      ]),
    );
  return root;
}

/** Picks a node of the JSON body by index (modulo the node count) and changes it. */
const atSomeNode =
  (pick: number, change: (node: unknown) => unknown): Mutation =>
  (draft) => {
    if (draft.body === undefined || !('json' in draft.body)) return draft;
    const paths = jsonPaths(draft.body.json);
    const path = paths[pick % paths.length];
    return { ...draft, body: { json: updateAt(draft.body.json, path, change) } };
  };

const bodyMutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.nat(), hostileValue)
      .map(([pick, value]) => atSomeNode(pick, () => value)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.nat(), hostileKey, hostileValue)
      .map(([pick, key, value]) =>
        atSomeNode(pick, (node) =>
          isPlainObject(node) ? new JsonEntries([...Object.entries(node), [key, value]]) : node,
        ),
      ),
  },
  {
    // The same key twice, the hostile copy first or last: parsers disagree on which one wins.
    weight: 2,
    arbitrary: fc
      .tuple(fc.nat(), fc.nat(), hostileValue, fc.boolean())
      .map(([pick, which, value, first]) =>
        atSomeNode(pick, (node) => {
          if (!isPlainObject(node) || Object.keys(node).length === 0) return node;
          const entries = Object.entries(node);
          const key = entries[which % entries.length][0];
          return new JsonEntries(first ? [[key, value], ...entries] : [...entries, [key, value]]);
        }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.nat(), fc.nat()).map(([pick, which]) =>
      atSomeNode(pick, (node) => {
        if (!isPlainObject(node)) return node;
        const keys = Object.keys(node);
        if (keys.length === 0) return node;
        const drop = keys[which % keys.length];
        return Object.fromEntries(Object.entries(node).filter(([key]) => key !== drop));
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.nat(), fc.integer({ min: 2, max: 5_000 })).map(([pick, copies]) =>
      atSomeNode(pick, (node) => {
        // At most ~4 MB of copies: past the request limit, without starving the fuzzer itself.
        const size = encodeJson(node).length;
        return Array(Math.max(2, Math.min(copies, Math.floor(4_000_000 / size)))).fill(node);
      }),
    ),
  },
  {
    weight: 3,
    arbitrary: hostileRawBody.map((raw) => (draft: Draft) => ({ ...draft, body: { raw } })),
  },
);

const contentTypeMutation: fc.Arbitrary<Mutation> = fc
  .oneof(
    fc.constantFrom<string | string[] | undefined>(...CONTENT_TYPES, undefined),
    fc.constant<string[]>(['application/json', 'text/plain']),
  )
  .map((value) => (draft) => withHeader(draft, 'content-type', value));

const authMutation: fc.Arbitrary<Mutation> = credentialMutation.map((change) => (draft) => {
  const current = draft.headers.authorization;
  return withHeader(
    draft,
    'authorization',
    change(typeof current === 'string' ? current : undefined),
  );
});

const otherHeaderMutation: fc.Arbitrary<Mutation> = fc
  .tuple(
    fc.constantFrom(
      'accept',
      'accept-encoding',
      'content-encoding',
      'x-forwarded-for',
      'x-request-id',
      'traceparent',
      'tracestate',
      'baggage',
      'user-agent',
      'cookie',
      'origin',
      'x-http-method-override',
      '__proto__',
      'constructor',
    ),
    fc.oneof(
      headerValue,
      fc.constantFrom(
        'gzip',
        'br',
        'deflate, gzip',
        '00-00000000000000000000000000000000-0000000000000000-00',
        '00-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-zzzzzzzzzzzzzzzz-01',
        'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        '999.999.999.999, ::1, unknown',
        'DELETE',
      ),
    ),
  )
  .map(
    ([name, value]) =>
      (draft) =>
        withHeader(draft, name, value),
  );

const paramMutation: fc.Arbitrary<Mutation> = fc
  .tuple(fc.nat(), hostileSegment)
  .map(([which, segment]) => (draft) => {
    const names = Object.keys(draft.params);
    if (names.length === 0) return draft;
    return { ...draft, params: { ...draft.params, [names[which % names.length]]: segment } };
  });

const queryMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .tuple(
      fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 12 })),
      hostileSegment,
    )
    .map(
      ([key, value]) =>
        (draft: Draft) =>
          appendQuery(draft, `${percentEncode(key)}=${value}`),
    ),
  fc.tuple(fc.nat(), hostileSegment).map(([which, value]) => (draft: Draft) => {
    const pairs = draft.query.split('&').filter(Boolean);
    if (pairs.length === 0) return draft;
    const index = which % pairs.length;
    pairs[index] = `${pairs[index].split('=')[0]}=${value}`;
    return { ...draft, query: pairs.join('&') };
  }),
  fc.nat().map((which) => (draft: Draft) => {
    // The same key again: most parsers then give an array where a string was expected.
    const pairs = draft.query.split('&').filter(Boolean);
    return pairs.length === 0 ? draft : appendQuery(draft, pairs[which % pairs.length]);
  }),
  fc
    .constantFrom(
      '&&&',
      '=',
      '==',
      '%zz=1',
      'a[b]=1',
      '__proto__[polluted]=1',
      'constructor[prototype][polluted]=1',
      'a=1;b=2',
      '?',
      '#fragment',
      'x'.repeat(20_000),
    )
    .map((raw) => (draft: Draft) => appendQuery(draft, raw)),
);

const methodMutation: fc.Arbitrary<Mutation> = fc
  .constantFrom<HttpMethod>('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS')
  .map((method) => (draft) => ({ ...draft, method }));

const bodyOnRequestWithout: fc.Arbitrary<Mutation> = fc
  .oneof(
    fc.jsonValue({ maxDepth: 2 }).map((json) => ({ json })),
    hostileRawBody.map((raw) => ({ raw })),
  )
  .map((body) => (draft) => withHeader({ ...draft, body }, 'content-type', 'application/json'));

function withHeader(draft: Draft, name: string, value: string | string[] | undefined): Draft {
  const headers = { ...draft.headers };
  if (value === undefined) delete headers[name];
  else headers[name] = value;
  return { ...draft, headers };
}

function appendQuery(draft: Draft, pair: string): Draft {
  return { ...draft, query: draft.query ? `${draft.query}&${pair}` : pair };
}

function render(draft: Draft): FuzzRequest {
  const path = draft.path.replace(/\{([^}]+)\}/g, (_, name: string) => draft.params[name] ?? '');
  const body =
    draft.body === undefined
      ? undefined
      : 'raw' in draft.body
        ? draft.body.raw
        : encodeJson(draft.body.json);
  return {
    method: draft.method,
    target: draft.query ? `${path}?${draft.query}` : path,
    headers: draft.headers,
    ...(body === undefined ? {} : { body }),
  };
}

function drafts(template: EndpointTemplate): fc.Arbitrary<Draft> {
  const params = template.params ?? {};
  return fc
    .record({
      params: fc.record(params),
      query: template.query ?? fc.constant({}),
      body: template.body ?? fc.constant(undefined),
    })
    .map(({ params: values, query, body }) => ({
      method: template.method,
      path: template.path,
      params: Object.fromEntries(
        Object.entries(values).map(([name, value]) => [name, percentEncode(value)]),
      ),
      query: encodeQuery(query),
      headers: {
        ...(template.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...template.headers,
      },
      body: template.body === undefined ? undefined : { json: body },
    }));
}

/** Valid requests to the endpoint, as the template describes them. */
export function validRequests(template: EndpointTemplate): fc.Arbitrary<FuzzRequest> {
  return drafts(template).map(render);
}

/**
 * Hostile requests to the endpoint: a valid request with one to three things wrong — its body
 * (values, keys, duplicate keys, bytes), content type, credentials, other headers, path
 * parameters, query or method.
 */
export function hostileRequests(template: EndpointTemplate): fc.Arbitrary<FuzzRequest> {
  const takesBody = template.body !== undefined;
  const mutation = fc.oneof(
    { weight: takesBody ? 12 : 0, arbitrary: bodyMutation },
    { weight: takesBody ? 2 : 0, arbitrary: contentTypeMutation },
    { weight: takesBody ? 0 : 1, arbitrary: bodyOnRequestWithout },
    { weight: 2, arbitrary: authMutation },
    { weight: 1, arbitrary: otherHeaderMutation },
    { weight: template.params ? 6 : 0, arbitrary: paramMutation },
    { weight: template.query || !takesBody ? 4 : 1, arbitrary: queryMutation },
    { weight: 1, arbitrary: methodMutation },
  );
  return fc
    .tuple(drafts(template), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([draft, mutations]) =>
      render(mutations.reduce((current, apply) => apply(current), draft)),
    );
}

/** Requests for paths no route serves: random segments, strange bytes, any method. */
export function unroutedRequests(): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      fc.constantFrom<HttpMethod>('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
      fc.array(fc.oneof(fc.webSegment(), hostileSegment), { minLength: 0, maxLength: 6 }),
      fc.option(
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }).map((json) => encodeJson(json)),
          hostileRawBody,
        ),
        {
          nil: undefined,
        },
      ),
    )
    .map(([method, segments, body]): FuzzRequest => ({
      method,
      target: `/${segments.join('/')}`,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    }));
}
