/** An active link between two identifiers of one profile. */
export type Edge = { id: string; from: string; to: string };

export type SplitOutcome = {
  /** Links with one end among the moved identifiers and one among the others: retracted. */
  cut: string[];
  /** The component that keeps the original customerId, or empty when everything moved. */
  keep: string[];
  /** Every other component, each of which becomes a new profile. */
  split: string[][];
};

/**
 * Cuts the links between `moved` and the rest of the profile, then recomputes the connected
 * components. The component holding the oldest identifier that was not moved keeps the
 * customerId. Identifiers are ids in insertion order, so "oldest" is the smallest id.
 */
export function splitComponents(
  identifierIds: readonly string[],
  edges: readonly Edge[],
  moved: ReadonlySet<string>,
): SplitOutcome {
  const parent = new Map(identifierIds.map((id) => [id, id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(id, root);
    return root;
  };
  const cut: string[] = [];
  for (const edge of edges) {
    if (moved.has(edge.from) !== moved.has(edge.to)) {
      cut.push(edge.id);
      continue;
    }
    parent.set(find(edge.from), find(edge.to));
  }
  const components = new Map<string, string[]>();
  for (const id of [...identifierIds].sort((a, b) => Number(BigInt(a) - BigInt(b)))) {
    const root = find(id);
    components.set(root, [...(components.get(root) ?? []), id]);
  }
  const all = [...components.values()];
  const keepIndex = all.findIndex((component) => !moved.has(component[0]));
  return {
    cut,
    keep: keepIndex < 0 ? [] : all[keepIndex],
    split: all.filter((_, index) => index !== keepIndex),
  };
}
