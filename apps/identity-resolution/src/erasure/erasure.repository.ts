import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The suppression list and the deletion of what identifies an erased person. */
@Injectable()
export class ErasureRepository {
  /**
   * Puts the HMACs of the profile's identifiers on the suppression list, so no event links
   * them again; returns how many were added (one already there stays as it was).
   */
  async suppressIdentifiersOf(
    tx: EntityManager,
    customerId: string,
    erasureId: string,
  ): Promise<number> {
    const suppressed: { hash: string }[] = await tx.query(
      `INSERT INTO suppressions (hash, identifier_type, erasure_id)
       SELECT hash, type, $2 FROM identifiers WHERE profile_id = $1
       ON CONFLICT (hash) DO NOTHING RETURNING hash`,
      [customerId, erasureId],
    );
    return suppressed.length;
  }

  /** Deletes the profile's identifiers (their links go with them) and the drops of `profileIds`. */
  async deleteIdentifyingRows(
    tx: EntityManager,
    customerId: string,
    profileIds: readonly string[],
  ): Promise<void> {
    // Links go with their identifiers (ON DELETE CASCADE).
    await tx.query(`DELETE FROM identifiers WHERE profile_id = $1`, [customerId]);
    await tx.query(`DELETE FROM resolution_drops WHERE customer_id = ANY($1::text[])`, [
      profileIds,
    ]);
  }
}
