import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnits } from '../database-columns';

/** Cost, minimum margin and ceiling of a SKU; the floor is derived and stored with them. */
@Entity('sku_settings')
export class SkuSettings {
  @PrimaryColumn('text') sku!: string;
  @Column('text') currency!: string;
  @Column('bigint', { transformer: minorUnits }) cost!: number;
  @Column('integer', { name: 'min_margin_ppm' }) minMarginPpm!: number;
  @Column('bigint', { transformer: minorUnits }) floor!: number;
  @Column('bigint', { transformer: minorUnits }) ceiling!: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
