import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { transactionAtNow } from '@omni/database';
import { ApiError } from '@omni/platform';
import { DataSource } from 'typeorm';
import { AuditRepository, type Change } from '../audit/audit.repository';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { CouponsRepository, type CouponRow } from './coupons.repository';
import type { CouponBatchDto, CreateCouponBatch } from './dto/coupon-batch.dto';
import type { CouponDto, CreateSharedCoupon } from './dto/coupon.dto';

export const couponView = (row: CouponRow): CouponDto => ({
  code: row.code,
  campaignId: row.campaignId,
  batchId: row.batchId,
  customerId: row.customerId,
  maxUses: row.maxUses,
  uses: row.uses,
  perCustomerLimit: row.perCustomerLimit,
  validFrom: row.validFrom?.toISOString() ?? null,
  validTo: row.validTo?.toISOString() ?? null,
});

// No 0/O or 1/I: codes are read aloud and typed from screenshots.
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function uniqueCode(prefix: string): string {
  const bytes = randomBytes(10);
  return `${prefix}-${[...bytes].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
}

/** Shared codes and batches of unique codes for a campaign, audited with it. */
@Injectable()
export class CouponsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly coupons: CouponsRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly audit: AuditRepository,
  ) {}

  async createShared(
    campaignId: string,
    request: CreateSharedCoupon,
    change: Change,
  ): Promise<CouponDto> {
    const row: CouponRow = {
      code: request.code,
      campaignId,
      batchId: null,
      customerId: null,
      maxUses: request.maxUses ?? null,
      uses: 0,
      perCustomerLimit: request.perCustomerLimit ?? null,
      validFrom: request.validFrom ?? null,
      validTo: request.validTo ?? null,
    };
    await this.write(campaignId, [row], change, 'coupon.created', { code: row.code });
    return couponView(row);
  }

  async createBatch(
    campaignId: string,
    request: CreateCouponBatch,
    change: Change,
  ): Promise<CouponBatchDto> {
    const batchId = `bat_${randomUUID()}`;
    const owners: (string | null)[] =
      request.customerIds ?? Array.from({ length: request.count ?? 0 }, () => null);
    const rows: CouponRow[] = owners.map((customerId) => ({
      code: uniqueCode(request.prefix),
      campaignId,
      batchId,
      customerId,
      maxUses: request.usesPerCode,
      uses: 0,
      perCustomerLimit: null,
      validFrom: request.validFrom ?? null,
      validTo: request.validTo ?? null,
    }));
    await this.write(campaignId, rows, change, 'coupon-batch.created', {
      batchId,
      count: rows.length,
    });
    return { batchId, campaignId, coupons: rows.map(couponView) };
  }

  async get(code: string): Promise<CouponDto> {
    const row = await this.coupons.find(code);
    if (row === undefined) throw new ApiError(404, 'coupon_not_found', `no coupon ${code}`);
    return couponView(row);
  }

  private async write(
    campaignId: string,
    rows: CouponRow[],
    change: Change,
    action: string,
    details: object,
  ) {
    const clashing = await this.coupons.existing(rows.map((row) => row.code));
    if (clashing.length > 0)
      throw new ApiError(409, 'coupon_exists', `coupon ${clashing.join(', ')} already exists`, {
        details: { codes: clashing },
      });
    await transactionAtNow(this.dataSource, async (tx, now) => {
      const campaign = await this.campaigns.lock(tx, campaignId);
      if (campaign === undefined)
        throw new ApiError(404, 'campaign_not_found', `no campaign ${campaignId}`);
      if (campaign.status === 'ended')
        throw new ApiError(409, 'campaign_ended', `campaign ${campaignId} has ended`);
      await this.coupons.insert(tx, rows, now);
      await this.audit.record(tx, change, action, `campaign:${campaignId}`, details, now);
    });
  }
}
