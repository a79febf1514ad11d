import { Controller, Get, Module, Post } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JsonAnswer, serializationSchemaOf } from './json-answer';
import { useKitApp } from './kit-app.spec-helper';

class MoneyDto {
  @ApiProperty() amount!: number;
  @ApiProperty() currency!: string;
}

class LineDto {
  @ApiProperty() sku!: string;
  @ApiProperty({ enum: ['priced', 'no_price'] }) status!: string;
  @ApiPropertyOptional({ type: MoneyDto }) price?: MoneyDto;
  @ApiProperty({ type: Number, nullable: true }) floor!: number | null;
  @ApiProperty({ type: MoneyDto, nullable: true }) reference!: MoneyDto | null;
  @ApiPropertyOptional({ type: [String] }) notes?: string[];
  @ApiProperty() exact!: boolean;
}

class AnswerDto {
  @ApiProperty() at!: string;
  @ApiProperty({ type: [LineDto] }) lines!: LineDto[];
}

const answer = {
  at: '2026-12-04T00:00:00.000Z',
  lines: [
    {
      sku: 'A-1',
      status: 'priced',
      price: { amount: 1999, currency: 'CNY' },
      floor: null,
      reference: { amount: 2199, currency: 'CNY' },
      notes: ['dated', 'say "hi" \\ ünïcode'],
      exact: true,
    },
    { sku: 'B-2', status: 'no_price', floor: 100, reference: null, exact: false },
  ],
};

@Controller('answers')
class AnswersController {
  @Post()
  @JsonAnswer(AnswerDto, { status: 201 })
  create(): AnswerDto {
    return answer;
  }

  @Get('undeclared')
  @JsonAnswer(MoneyDto)
  undeclared(): MoneyDto {
    return Object.assign({ amount: 5, currency: 'EUR' }, { secret: 'not in the DTO' });
  }

  @Get('list')
  @JsonAnswer([MoneyDto])
  list(): MoneyDto[] {
    return [{ amount: 1, currency: 'CNY' }];
  }
}

@Module({ controllers: [AnswersController] })
class AnswersModule {}

describe('JsonAnswer', () => {
  const kit = useKitApp(AnswersModule);

  it('writes the answer from the DTO schema: the same JSON as JSON.stringify, nulls and nested objects included', async () => {
    const response = await kit.app.inject({ method: 'POST', url: '/answers' });
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual(answer);
    expect(response.body).toBe(JSON.stringify(answer));
  });

  it('sends only what the DTO declares', async () => {
    const response = await kit.app.inject({ method: 'GET', url: '/answers/undeclared' });
    expect(response.json()).toEqual({ amount: 5, currency: 'EUR' });
  });

  it('writes an array of DTOs', async () => {
    const response = await kit.app.inject({ method: 'GET', url: '/answers/list' });
    expect(response.json()).toEqual([{ amount: 1, currency: 'CNY' }]);
  });

  it('documents the answer in OpenAPI as @ApiResponse({ type }) does', () => {
    const content = (status: string, path: string, method: 'get' | 'post') =>
      (
        kit.document.paths[path][method]!.responses[status] as {
          content: Record<string, { schema: unknown }>;
        }
      ).content['application/json'].schema;
    expect(content('201', '/answers', 'post')).toEqual({ $ref: '#/components/schemas/AnswerDto' });
    expect(content('200', '/answers/list', 'get')).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/MoneyDto' },
    });
  });

  it('derives nullable, optional and array properties, requiring none', () => {
    const schema = serializationSchemaOf(LineDto);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        sku: { type: 'string' },
        status: { type: 'string' },
        price: {
          type: 'object',
          properties: { amount: { type: 'number' }, currency: { type: 'string' } },
        },
        floor: { type: 'number', nullable: true },
        reference: {
          type: 'object',
          properties: { amount: { type: 'number' }, currency: { type: 'string' } },
          nullable: true,
        },
        notes: { type: 'array', items: { type: 'string' } },
        exact: { type: 'boolean' },
      },
    });
  });
});
