/** Every local `$ref` (`#/...`) in `document` that does not point at anything in it. */
export function unresolvedRefs(document: unknown): string[] {
  const refs: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') refs.push(value);
        else visit(value);
      }
    }
  };
  visit(document);
  return refs.filter((ref) => {
    let target: unknown = document;
    for (const segment of ref.replace(/^#\//, '').split('/')) {
      const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      target =
        typeof target === 'object' && target !== null
          ? (target as Record<string, unknown>)[key]
          : undefined;
    }
    return !ref.startsWith('#/') || target === undefined;
  });
}
