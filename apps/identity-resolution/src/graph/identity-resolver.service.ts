import { Inject, Injectable } from '@nestjs/common';
import type { Channel, Identifiers } from '@omni/contracts';
import type { EntityManager } from 'typeorm';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { identifiersOf, type TypedIdentifier } from '../identifiers/typed-identifier';
import {
  planResolution,
  screenIdentifiers,
  type Candidate,
  type Drop,
  type ResolutionPlan,
} from '../rules/resolution-planner';
import { DEFAULT_RULES } from '../rules/rule-registry';
import {
  bumpVersion,
  deriveCustomerId,
  foldProfiles,
  insertIdentifiers,
  insertLinks,
  loadProfileStates,
  lockAndMap,
  lockAndMapProfiles,
  readProfiles,
  readSuppressedAndMapping,
  recordProfileChange,
  type MappedIdentifier,
} from './graph.repository';
import { BatchGraph, profileAccess } from './batch-graph';
import { IdentifierVault } from './identifier-vault';
import { MappingHints } from './mapping-hints';
import { automaticMerge, type ProfileChange } from './profile-change-events';

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
 * Resolves one event to a customerId inside the caller's transaction: locks what it depends
 * on, plans with the registered rules and writes the graph changes, append-only links with
 * their evidence, drops and conflicts. The caller enqueues the events in the same transaction.
 */
@Injectable()
export class IdentityResolver {
  private readonly hints: MappingHints;

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly vault: IdentifierVault,
  ) {
    this.hints = new MappingHints(config.consumer.mappingHints);
  }

  /**
   * Resolves a consumer batch exactly as `resolve` would event by event, but set-based: one
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
    const freed = await this.suppressedAmong(
      tx,
      allHashes.filter((hash) => !suppressed.has(hash) && !locked.has(hash)),
    );
    for (const hash of freed) suppressed.add(hash);
    const graph = new BatchGraph<ResolutionInput>(locked, profiles, this.config.policy);
    // Rule-relevant members only for the profiles of events that may change the graph.
    await graph.loadStates(
      tx,
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
        graph.log.push({ input, customerId: target, drops: screenDrops });
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
        graph.log.push({ input, customerId, drops });
        results.push({ customerId, profileVersion: 1, changes: [] });
        continue;
      }
      const candidates: Candidate[] = linkable.map(([hash, identifier]) => ({
        identifier,
        hash,
        profileId: graph.profileOf(hash) ?? null,
      }));
      await graph.loadStates(
        tx,
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
        drops: [...drops, ...plan.drops],
      });
      results.push(resolution);
    }
    await graph.write(tx);
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

  async resolve(
    input: ResolutionInput,
    tx: EntityManager,
    knownSuppressed?: ReadonlySet<string>,
  ): Promise<Resolution> {
    const eventTime = new Date(input.occurredAt);
    const screened = this.screen(input);
    const drops: Drop[] = [...screened.drops];
    const offered = screened.offered;
    const suppressed =
      knownSuppressed === undefined
        ? await this.suppressedAmong(
            tx,
            offered.map(([hash]) => hash),
          )
        : new Set(offered.map(([hash]) => hash).filter((hash) => knownSuppressed.has(hash)));
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
    if (linkable.length === 0)
      return this.freshProfile(input, eventTime, suppressed.size > 0, drops, tx);

    const mapping = await lockAndMap(
      tx,
      linkable.map(([hash]) => hash),
    );
    // An erasure that committed after the suppressions were read has freed its identifiers:
    // if one of those now unmapped is suppressed, start again, seeing the erasure.
    const freed = await this.suppressedAmong(
      tx,
      linkable.map(([hash]) => hash).filter((hash) => !mapping.has(hash)),
    );
    if (freed.size > 0) return this.resolve(input, tx);
    const candidates: Candidate[] = linkable.map(([hash, identifier]) => ({
      identifier,
      hash,
      profileId: mapping.get(hash)?.profileId ?? null,
    }));
    const profileIds = [
      ...new Set(candidates.map((c) => c.profileId).filter((id): id is string => id !== null)),
    ];
    const rows = await readProfiles(tx, profileIds);
    if (profileIds.length === 1 && candidates.every((c) => c.profileId !== null)) {
      // The common case: every identifier is known and already in one profile.
      await this.record(tx, input, profileIds[0], drops);
      return {
        customerId: profileIds[0],
        profileVersion: rows.get(profileIds[0])?.version ?? 1,
        changes: [],
      };
    }
    const profiles = await loadProfileStates(tx, rows, this.config.policy);
    const plan = planResolution(
      { eventTime, candidates, profiles },
      this.config.policy,
      DEFAULT_RULES,
    );
    return this.apply(plan, input, eventTime, mapping, [...drops, ...plan.drops], tx);
  }

  private async apply(
    plan: ResolutionPlan,
    input: ResolutionInput,
    eventTime: Date,
    mapping: Map<string, MappedIdentifier>,
    drops: Drop[],
    tx: EntityManager,
  ): Promise<Resolution> {
    const created = plan.targetProfileId === null;
    const customerId =
      plan.targetProfileId ?? deriveCustomerId(input.connectorId ?? '', input.eventId);
    if (created) await this.insertProfile(tx, customerId, eventTime, false);
    const sealed = plan.newIdentifiers.map((candidate) => ({
      ...candidate,
      ...this.sealed(candidate),
    }));
    const newIds = await insertIdentifiers(tx, customerId, eventTime, sealed);
    await foldProfiles(tx, customerId, plan.mergedProfileIds);
    const idOf = (hash: string) => mapping.get(hash)?.identifierId ?? newIds.get(hash) ?? '';
    await insertLinks(
      tx,
      plan.links.map((link) => [idOf(link.fromHash), idOf(link.toHash)]),
      {
        sourceEventId: input.eventId,
        channel: input.channel ?? null,
        rule: 'same-event',
        occurredAt: eventTime,
      },
    );
    const changed =
      !created && (plan.newIdentifiers.length > 0 || plan.mergedProfileIds.length > 0);
    const version = changed
      ? await bumpVersion(tx, customerId)
      : ((await readProfiles(tx, [customerId])).get(customerId)?.version ?? 1);
    const changes: ProfileChange[] = [];
    if (plan.mergedProfileIds.length > 0) {
      const merge = automaticMerge(customerId, plan.mergedProfileIds, version, input.eventId);
      await recordProfileChange(tx, merge.record);
      changes.push(merge.change);
    }
    if (plan.conflicts.length > 0) {
      await tx.query(
        `INSERT INTO conflicts (profile_ids, identifier_type, rule, reason, source_event_id)
         SELECT string_to_array(ids, ','), type, rule, reason, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS c(ids, type, rule, reason)`,
        [
          plan.conflicts.map((c) => c.profileIds.join(',')),
          plan.conflicts.map((c) => c.type),
          plan.conflicts.map((c) => c.rule),
          plan.conflicts.map((c) => c.reason),
          input.eventId,
        ],
      );
    }
    await this.record(tx, input, customerId, drops);
    return { customerId, profileVersion: version, changes };
  }

  /** Every event gets a customerId: one with nothing linkable gets a profile of its own. */
  private async freshProfile(
    input: ResolutionInput,
    eventTime: Date,
    suppressed: boolean,
    drops: Drop[],
    tx: EntityManager,
  ): Promise<Resolution> {
    const customerId = deriveCustomerId(input.connectorId ?? '', input.eventId);
    await this.insertProfile(tx, customerId, eventTime, suppressed);
    await this.record(tx, input, customerId, drops);
    return { customerId, profileVersion: 1, changes: [] };
  }

  private async insertProfile(
    tx: EntityManager,
    customerId: string,
    createdAt: Date,
    suppressed: boolean,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO profiles (customer_id, created_at, suppressed) VALUES ($1, $2, $3)`,
      [customerId, createdAt, suppressed],
    );
  }

  private sealed(candidate: Candidate) {
    return this.vault.seal(candidate.identifier.type, candidate.identifier.value);
  }

  private async suppressedAmong(
    tx: EntityManager,
    hashes: readonly string[],
  ): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows: { hash: string }[] = await tx.query(
      `SELECT hash FROM suppressions WHERE hash = ANY($1::text[])`,
      [hashes],
    );
    return new Set(rows.map((row) => row.hash));
  }

  private async record(
    tx: EntityManager,
    input: ResolutionInput,
    customerId: string,
    drops: Drop[],
  ): Promise<void> {
    await this.recordMany(tx, [{ input, customerId, drops }]);
  }

  /** The resolution log (its order is the order the graph changed in) and the drops with their reasons. */
  private async recordMany(
    tx: EntityManager,
    rows: readonly { input: ResolutionInput; customerId: string; drops: Drop[] }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    // WITH ORDINALITY keeps the events' order in the log's sequence.
    await tx.query(
      `INSERT INTO resolution_log (source_event_id, customer_id)
       SELECT e, c FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS l(e, c, n) ORDER BY n`,
      [rows.map((r) => r.input.eventId), rows.map((r) => r.customerId)],
    );
    const drops = rows.flatMap((r) =>
      r.drops.map((d) => ({ ...d, eventId: r.input.eventId, customerId: r.customerId })),
    );
    if (drops.length === 0) return;
    await tx.query(
      `INSERT INTO resolution_drops (source_event_id, customer_id, identifier_type, identifier_hash, rule, reason)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      [
        drops.map((d) => d.eventId),
        drops.map((d) => d.customerId),
        drops.map((d) => d.type),
        drops.map((d) => d.hash),
        drops.map((d) => d.rule),
        drops.map((d) => d.reason),
      ],
    );
  }
}
