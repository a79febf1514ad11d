import { Inject, Injectable } from '@nestjs/common';
import type { Channel, Identifiers } from '@omni/contracts';
import type { EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IdentityConfig } from '../config/identity-config';
import { identifiersOf, type TypedIdentifier } from '../identifiers/typed-identifier';
import {
  planResolution,
  screenIdentifiers,
  type Candidate,
  type Drop,
} from './planning/resolution-planner';
import { DEFAULT_RULES } from '../rules/rule-registry';
import {
  loadProfileStates,
  lockAndMapProfiles,
  readSuppressedAndMapping,
  suppressedAmong,
  writeBatchRows,
} from './resolution.repository';
import { BatchGraph, deriveCustomerId, profileAccess } from './planning/batch-graph';
import { IdentifierVault } from '../identifiers/identifier-vault';
import { MappingHints } from './planning/mapping-hints';
import type { ProfileChange } from '../profiles/profile-change-events';

/** What resolution needs of an event: who sent it, when, and the identifiers it carries. */
export type ResolutionInput = {
  eventId: string;
  connectorId?: string;
  occurredAt: string;
  channel?: Channel;
  identifiers: Identifiers;
};

export type Resolution = { customerId: string; profileVersion: number; changes: ProfileChange[] };

/**
 * Resolves events to customerIds inside the caller's transaction: locks what they depend on,
 * plans each with the registered rules in memory (BatchGraph) and writes the graph changes,
 * append-only links with their evidence, drops and conflicts. The caller enqueues the events
 * in the same transaction. A single event is a batch of one.
 */
@Injectable()
export class IdentityResolver {
  private readonly hints: MappingHints;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: IdentityConfig,
    private readonly vault: IdentifierVault,
  ) {
    this.hints = new MappingHints(config.consumer.mappingHints);
  }

  /**
   * Resolves a consumer batch as if event by event, in order, but set-based: one
   * read of suppressions and mapping for the identifiers the process's hints do not know
   * (MappingHints; in steady state few), then the advisory locks of the whole batch with the
   * re-read of the mapping and its profiles (one round trip; profiles the batch only reads
   * are locked shared), and one read of the rule-relevant members. Each event is then
   * planned in memory against the graph as the earlier events of the batch left it, and
   * everything it changed (profiles, identifiers, links, folds, versions, changes, conflicts,
   * log, drops) is written at the end in one statement. Round trips do not grow with the batch.
   */
  async resolveMany(inputs: readonly ResolutionInput[], tx: EntityManager): Promise<Resolution[]> {
    const screened = inputs.map((input) => this.screen(input));
    const allHashes = [...new Set(screened.flatMap((s) => s.offered.map(([hash]) => hash)))];
    // Hashes this process has seen are guessed from its hints; only the others are read first
    // (the hints learn them all from the read under the locks).
    const guess = this.hints.split(allHashes);
    const {
      suppressed,
      mapping: read,
      createdAt: readAges,
    } = await readSuppressedAndMapping(tx, guess.unknown);
    const unlocked = new Map([...guess.mapping, ...read]);
    const createdAt = new Map([...guess.createdAt, ...readAges]);
    const offeredByEvent = screened.map((s) => s.offered);
    // NaN (an unparseable time) compares false, so then no profile counts as a safe survivor.
    const earliestEvent = new Date(
      inputs.reduce((min, input) => Math.min(min, Date.parse(input.occurredAt)), Infinity),
    );
    const { mapping: locked, profiles } = await lockAndMapProfiles(
      tx,
      allHashes.filter((hash) => !suppressed.has(hash)),
      unlocked,
      (mapping, created) =>
        profileAccess(offeredByEvent, suppressed, mapping, created, earliestEvent),
      createdAt,
      // Learnt even if the batch then gives up on a busy lock, so its retry guesses right.
      (under) =>
        this.hints.learn(
          allHashes,
          under.mapping,
          new Map([...under.profiles].map(([id, row]) => [id, row.createdAt])),
        ),
    );
    // An erasure that committed after the suppressions were read has freed its identifiers:
    // those now unmapped are checked again under the locks, before anything links them.
    const freed = await suppressedAmong(
      tx,
      allHashes.filter((hash) => !suppressed.has(hash) && !locked.has(hash)),
    );
    for (const hash of freed) suppressed.add(hash);
    const graph = new BatchGraph<ResolutionInput>(locked, profiles, this.config.policy);
    // Rule-relevant members only for the profiles of events that may change the graph.
    await this.loadStates(
      tx,
      graph,
      screened.flatMap((s) =>
        graph.unchangedTarget(s.offered, suppressed) === undefined
          ? s.offered.map(([hash]) => locked.get(hash)?.profileId)
          : [],
      ),
    );
    const results: Resolution[] = [];
    for (const [i, input] of inputs.entries()) {
      const { offered, drops: screenDrops } = screened[i];
      const target = graph.unchangedTarget(offered, suppressed);
      if (target !== undefined) {
        graph.log.push({
          input,
          customerId: target,
          identifierHash: offered[0][0],
          drops: screenDrops,
        });
        results.push({ customerId: target, profileVersion: graph.versionOf(target), changes: [] });
        continue;
      }
      const eventTime = new Date(input.occurredAt);
      const drops: Drop[] = [...screenDrops];
      for (const [hash, identifier] of offered) {
        if (suppressed.has(hash))
          drops.push({
            type: identifier.type,
            hash,
            rule: 'suppressed',
            reason: `${identifier.type} belongs to an erased profile`,
          });
      }
      const linkable = offered.filter(([hash]) => !suppressed.has(hash));
      if (linkable.length === 0) {
        const customerId = deriveCustomerId(input.connectorId ?? '', input.eventId);
        graph.createProfile(customerId, eventTime, drops.length > screenDrops.length);
        graph.log.push({ input, customerId, identifierHash: null, drops });
        results.push({ customerId, profileVersion: 1, changes: [] });
        continue;
      }
      const candidates: Candidate[] = linkable.map(([hash, identifier]) => ({
        identifier,
        hash,
        profileId: graph.profileOf(hash) ?? null,
      }));
      await this.loadStates(
        tx,
        graph,
        candidates.map((c) => c.profileId),
      );
      const plan = planResolution(
        { eventTime, candidates, profiles: graph.states },
        this.config.policy,
        DEFAULT_RULES,
      );
      const resolution = graph.apply(plan, input, eventTime, (candidate) => this.sealed(candidate));
      graph.log.push({
        input,
        customerId: resolution.customerId,
        identifierHash:
          linkable.find(([hash]) => graph.profileOf(hash) === resolution.customerId)?.[0] ?? null,
        drops: [...drops, ...plan.drops],
      });
      results.push(resolution);
    }
    await writeBatchRows(tx, graph.toWrite());
    const after = graph.learned();
    this.hints.learn(after.mapping.keys(), after.mapping, after.createdAt);
    return results;
  }

  private screen(input: ResolutionInput): { offered: [string, TypedIdentifier][]; drops: Drop[] } {
    const hashOf = (identifier: TypedIdentifier) =>
      this.vault.hash(identifier.type, identifier.value);
    const screened = screenIdentifiers(
      identifiersOf(input.identifiers, input.channel),
      this.config.policy,
      DEFAULT_RULES,
      hashOf,
    );
    return {
      offered: [
        ...new Map(screened.kept.map((identifier) => [hashOf(identifier), identifier])).entries(),
      ],
      drops: screened.drops,
    };
  }

  /** Reads the members of stored profiles the graph has not loaded yet (one query, or none). */
  private async loadStates(
    tx: EntityManager,
    graph: BatchGraph<ResolutionInput>,
    profileIds: readonly (string | null | undefined)[],
  ): Promise<void> {
    const missing = graph.unloaded(profileIds);
    if (missing.size > 0) graph.addStates(await loadProfileStates(tx, missing, this.config.policy));
  }

  private sealed(candidate: Candidate) {
    return this.vault.seal(candidate.identifier.type, candidate.identifier.value);
  }
}
