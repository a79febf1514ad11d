import { Body, HttpCode, Module, Post } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiProperty } from '@nestjs/swagger';
import { createServiceApp } from '@omni/observability';
import { z } from 'zod';
import { ADMIN_TOKEN } from '../src/admin/admin-token';
import { ErrorBodyFilter } from '../src/errors/error-body.filter';
import { AdminController } from '../src/http/admin-controller';
import { JsonAnswer } from '../src/http/json-answer';
import { RequestValidationPipe } from '../src/validation/request-validation.pipe';
import { createZodDto } from 'nestjs-zod';

class SelectBodyDto extends createZodDto(
  z.strictObject({
    skus: z.array(z.string().min(1).max(64)).min(1).max(200),
    currency: z.string().length(3),
    channel: z.string().min(1).max(64),
    customerGroups: z.array(z.string().max(64)).max(50).default([]),
    quantity: z.int().min(1).default(1),
    explain: z.boolean().default(true),
  }),
) {}

class MoneyDto {
  @ApiProperty() amount!: number;
  @ApiProperty() currency!: string;
}

class EntryDto {
  @ApiProperty() sku!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: MoneyDto }) price!: MoneyDto;
  @ApiProperty() priceId!: string;
  @ApiProperty() priceListId!: string;
  @ApiProperty() level!: string;
  @ApiProperty() countryMatched!: boolean;
  @ApiProperty() dated!: boolean;
  @ApiProperty({ type: Number, nullable: true }) floor!: number | null;
  @ApiProperty({ type: Number, nullable: true }) ceiling!: number | null;
  @ApiProperty({ type: MoneyDto, nullable: true }) referencePrice!: MoneyDto | null;
  @ApiProperty({ type: String, nullable: true }) reductionStartedAt!: string | null;
}

class AnswerDto {
  @ApiProperty() at!: string;
  @ApiProperty({ type: [EntryDto] }) prices!: EntryDto[];
}

@AdminController('v1/prices', 'prices')
class SelectLikeController {
  @Post('select')
  @HttpCode(200)
  @JsonAnswer(AnswerDto)
  select(@Body() body: SelectBodyDto): Promise<AnswerDto> {
    return Promise.resolve({
      at: new Date().toISOString(),
      prices: body.skus.map((sku, n) => ({
        sku,
        status: 'priced',
        price: { amount: 10_000 + n, currency: body.currency },
        priceId: `0193a0c2-7e3b-7c1d-8f00-${String(n).padStart(12, '0')}`,
        priceListId: '0193a0c2-7e3b-7c1d-8f00-000000000001',
        level: 'channel',
        countryMatched: false,
        dated: false,
        floor: null,
        ceiling: null,
        referencePrice: { amount: 12_000, currency: body.currency },
        reductionStartedAt: null,
      })),
    });
  }
}

@Module({
  controllers: [SelectLikeController],
  providers: [
    { provide: ADMIN_TOKEN, useValue: 'http-path-bench-admin-token' },
    { provide: APP_FILTER, useClass: ErrorBodyFilter },
    { provide: APP_PIPE, useClass: RequestValidationPipe },
  ],
})
class SelectLikeModule {}

export async function createApp(token: string): Promise<NestFastifyApplication> {
  void token;
  process.env.LOG_LEVEL ??= 'warn';
  const app = await createServiceApp({ module: SelectLikeModule, serviceName: 'http-path-bench' });
  await app.init();
  return app;
}
