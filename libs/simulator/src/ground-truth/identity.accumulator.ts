import type { IdentityTruth } from './ground-truth';
import { PERSONAL_IDENTIFIER_TYPES, identifierTypeOfKey } from './identifier-key';

/**
 * Tracks which identifiers appeared, whose they are, and which ones events link together
 * (a union-find over identifiers seen in the same envelope).
 */
export class IdentityAccumulator {
  private readonly owners = new Map<string, string>();
  private readonly parent = new Map<string, string>();

  add(keys: readonly string[], personId: string): void {
    for (const key of keys) {
      const owner = this.owners.get(key);
      if (owner === undefined) {
        this.owners.set(key, personId);
        this.parent.set(key, key);
      } else if (owner !== personId) {
        throw new Error(`simulator bug: ${key} belongs to ${owner} and ${personId}`);
      }
    }
    for (let index = 1; index < keys.length; index++) this.union(keys[0], keys[index]);
  }

  truth(): IdentityTruth {
    const members = new Map<string, string[]>();
    for (const key of this.owners.keys()) {
      const root = this.find(key);
      const list = members.get(root);
      if (list === undefined) members.set(root, [key]);
      else list.push(key);
    }
    const identifiedOwners = new Map<string, string>();
    const linkableClusters = new Map<string, string>();
    for (const [root, keys] of members) {
      if (!keys.some((key) => PERSONAL_IDENTIFIER_TYPES.has(identifierTypeOfKey(key)))) continue;
      for (const key of keys) {
        const owner = this.owners.get(key) ?? '';
        identifiedOwners.set(key, owner);
        linkableClusters.set(key, `${owner}#${root}`);
      }
    }
    return { owners: new Map(this.owners), identifiedOwners, linkableClusters };
  }

  private find(key: string): string {
    let node = key;
    for (;;) {
      const up = this.parent.get(node) ?? node;
      if (up === node) return node;
      const grand = this.parent.get(up) ?? up;
      this.parent.set(node, grand);
      node = grand;
    }
  }

  private union(a: string, b: string): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent.set(rootB, rootA);
  }
}
