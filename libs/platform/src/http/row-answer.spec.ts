import { Controller, Module } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Endpoint } from './endpoint';
import { serializationSchemaOf } from './json-answer';
import { useKitApp } from './kit-app.spec-helper';
import { RowAnswer, type RowAnswerOf } from './row-answer';

@Entity('vouchers')
class Voucher {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'owner_secret' }) ownerSecret!: string;
  @Column('integer') uses!: number;
  @Column('double precision', { nullable: true }) rate!: number | null;
  @Column('boolean') active!: boolean;
  @Column('text', { array: true }) channels!: string[];
  @Column('text') status!: 'open' | 'closed';
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('jsonb') terms!: { minSpend: number }[];
}

class VoucherDto extends RowAnswer(Voucher, {
  omit: ['ownerSecret'],
  properties: {
    status: { enum: ['open', 'closed'] },
    terms: { type: 'array', items: { type: 'object' } },
  },
}) {
  @ApiProperty() redeemable!: boolean;
}

@Controller('vouchers')
class VouchersController {
  @Endpoint('GET', { answer: VoucherDto })
  get(): VoucherDto {
    throw new Error('documentation only');
  }
}

@Module({ controllers: [VouchersController] })
class VouchersModule {}

describe('RowAnswer', () => {
  const kit = useKitApp(VouchersModule);

  it('documents every column but the omitted ones, a timestamp as text, nullable where the column is', () => {
    const schema = kit.document.components?.schemas?.VoucherDto;
    expect(schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        uses: { type: 'number' },
        rate: { type: 'number', nullable: true },
        active: { type: 'boolean' },
        channels: { type: 'array', items: { type: 'string' } },
        status: { type: 'string', enum: ['open', 'closed'] },
        createdAt: { type: 'string' },
        closedAt: { type: 'string', nullable: true },
        terms: { type: 'array', items: { type: 'object' } },
        redeemable: { type: 'boolean' },
      },
      required: [
        'id',
        'uses',
        'rate',
        'active',
        'channels',
        'status',
        'createdAt',
        'closedAt',
        'terms',
        'redeemable',
      ],
    });
  });

  it('gives JsonAnswer the same properties to write', () => {
    expect(Object.keys(serializationSchemaOf(VoucherDto).properties as object)).toEqual([
      'id',
      'uses',
      'rate',
      'active',
      'channels',
      'status',
      'createdAt',
      'closedAt',
      'terms',
      'redeemable',
    ]);
  });

  it('types a Date column as the ISO text the answer carries', () => {
    const answer: RowAnswerOf<Pick<Voucher, 'createdAt' | 'closedAt'>> = {
      createdAt: '2026-06-18T00:00:00.000Z',
      closedAt: null,
    };
    expect(answer.closedAt).toBeNull();
  });

  it('refuses a column whose JSON shape its type does not say, until it is documented', () => {
    expect(() => RowAnswer(Voucher)).toThrow(
      'RowAnswer: Voucher.terms is a jsonb column: document it in properties',
    );
  });
});
