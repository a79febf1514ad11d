import { Module } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ADMIN_TOKEN } from '../admin/admin-token';
import { AdminController } from './admin-controller';
import { Endpoint } from './endpoint';
import { NullableProperty } from './nullable-property';
import { useKitApp } from './kit-app.spec-helper';

const TOKEN = 'test-admin-token-0123456789';

class ThingDto {
  @ApiProperty() id!: string;
  @NullableProperty(String) note!: string | null;
  @NullableProperty(Number, { required: false }) weight!: number | null;
}

@AdminController('v1/things', 'things')
class ThingsController {
  @Endpoint('GET', { summary: 'Every thing', answer: [ThingDto] })
  list(): ThingDto[] {
    return [{ id: 'a', note: null, weight: null }];
  }

  @Endpoint('GET :id', { answer: ThingDto, errors: { 404: 'thing_not_found' } })
  get(): ThingDto {
    return { id: 'a', note: 'n', weight: 1 };
  }

  @Endpoint('POST', { summary: 'Make a thing', answer: ThingDto })
  create(): ThingDto {
    return { id: 'b', note: null, weight: null };
  }

  @Endpoint('POST :id/check', { answer: ThingDto, status: 200 })
  check(): ThingDto {
    return { id: 'a', note: null, weight: null };
  }

  @Endpoint('DELETE :id', { status: 204 })
  remove(): undefined {
    return undefined;
  }

  @Endpoint('GET :id.csv', { produces: ['text/csv'], schema: { type: 'string' } })
  csv(): string {
    return 'id\na\n';
  }
}

@Module({ controllers: [ThingsController], providers: [{ provide: ADMIN_TOKEN, useValue: TOKEN }] })
class ThingsModule {}

describe('Endpoint', () => {
  const kit = useKitApp(ThingsModule);

  const send = (method: 'GET' | 'POST' | 'DELETE', url: string) =>
    kit.app.inject({ method, url, headers: { authorization: `Bearer ${TOKEN}` } });

  it('routes each method and path, with the status it names or the method’s own', async () => {
    expect((await send('GET', '/v1/things')).statusCode).toBe(200);
    expect((await send('GET', '/v1/things/a')).statusCode).toBe(200);
    expect((await send('POST', '/v1/things')).statusCode).toBe(201);
    expect((await send('POST', '/v1/things/a/check')).statusCode).toBe(200);
    expect((await send('DELETE', '/v1/things/a')).statusCode).toBe(204);
  });

  it('documents the summary, the success answer and the error answers', () => {
    const list = kit.document.paths['/v1/things'].get!;
    expect(list.summary).toBe('Every thing');
    expect(list.responses['200']).toMatchObject({
      content: {
        'application/json': {
          schema: { type: 'array', items: { $ref: '#/components/schemas/ThingDto' } },
        },
      },
    });
    const get = kit.document.paths['/v1/things/{id}'].get!;
    expect(get.summary).toBeUndefined();
    expect(Object.keys(get.responses).sort()).toEqual(['200', '401', '404']);
    expect(get.responses['404']).toMatchObject({ description: 'thing_not_found' });
    expect(Object.keys(kit.document.paths['/v1/things'].post!.responses).sort()).toEqual([
      '201',
      '401',
    ]);
    expect(Object.keys(kit.document.paths['/v1/things/{id}/check'].post!.responses).sort()).toEqual(
      ['200', '401'],
    );
    expect(Object.keys(kit.document.paths['/v1/things/{id}'].delete!.responses).sort()).toEqual([
      '204',
      '401',
    ]);
  });

  it('documents another media type with its schema', () => {
    const csv = kit.document.paths['/v1/things/{id}.csv'].get!;
    expect(csv.responses['200']).toMatchObject({
      content: { 'text/csv': { schema: { type: 'string' } } },
    });
  });

  it('documents a nullable property as nullable, required unless told otherwise', () => {
    expect(kit.document.components?.schemas?.ThingDto).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        note: { type: 'string', nullable: true },
        weight: { type: 'number', nullable: true },
      },
      required: ['id', 'note'],
    });
  });
});
