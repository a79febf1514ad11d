/** identity-resolution's type and value for a simulator identifier key (`platformUserId:tmall:t_1` → `platformUserId:tmall`, `t_1`). */
export function lookupParams(key: string): { type: string; value: string } {
  const first = key.indexOf(':');
  const base = key.slice(0, first);
  const rest = key.slice(first + 1);
  if (base === 'platformUserId' || base === 'wechatOpenId') {
    const second = rest.indexOf(':');
    return { type: `${base}:${rest.slice(0, second)}`, value: rest.slice(second + 1) };
  }
  return { type: base, value: rest };
}

export type LookupOutcome = {
  readonly customerId?: string;
  readonly status: number;
  readonly code?: string;
};

/** GET /v1/profiles/lookup on identity-resolution's admin API. */
export async function lookupProfile(
  identityUrl: string,
  token: string,
  key: string,
): Promise<LookupOutcome> {
  const { type, value } = lookupParams(key);
  const url = `${identityUrl}/v1/profiles/lookup?${new URLSearchParams({ type, value }).toString()}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json().catch(() => ({}))) as { customerId?: string; code?: string };
  return {
    status: response.status,
    ...(body.customerId === undefined ? {} : { customerId: body.customerId }),
    ...(body.code === undefined ? {} : { code: body.code }),
  };
}

/** Looks every key up, `concurrency` at a time; keys no profile holds are left out of the map. */
export async function lookupAll(
  identityUrl: string,
  token: string,
  keys: readonly string[],
  concurrency = 8,
): Promise<{ clusters: Map<string, string>; notFound: number }> {
  const clusters = new Map<string, string>();
  let notFound = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < keys.length) {
        const key = keys[next++];
        const outcome = await lookupProfile(identityUrl, token, key);
        if (outcome.customerId !== undefined) clusters.set(key, outcome.customerId);
        else if (outcome.status === 404 && outcome.code === 'identifier_not_found') notFound += 1;
        else
          throw new Error(
            `identity-resolution look-up answered ${outcome.status} ${outcome.code ?? ''} for a ${lookupParams(key).type}`.trim(),
          );
      }
    }),
  );
  return { clusters, notFound };
}
