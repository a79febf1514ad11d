import { Body, Module } from '@nestjs/common';
import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import { ADMIN_TOKEN } from '../admin/admin-token';
import { actorOf, changeFields, changeOf, type Change } from '../validation/change-request';
import { Actor } from './actor';
import { AdminController } from './admin-controller';
import { Endpoint } from './endpoint';
import { useKitApp } from './kit-app.spec-helper';

const TOKEN = 'test-admin-token-0123456789';

class RenameDto extends createZodDto(z.strictObject({ name: z.string(), ...changeFields })) {}

@AdminController('v1/things', 'things', { 400: 'invalid_request' })
class ThingsController {
  @Endpoint('POST rename', { status: 200 })
  rename(@Body() body: RenameDto, @Actor() actor?: string): Change {
    return changeOf(body, actor);
  }

  @Endpoint('POST upload', { status: 200 })
  upload(@Actor({ required: true }) actor?: string): string {
    return actorOf(undefined, actor);
  }
}

@Module({ controllers: [ThingsController], providers: [{ provide: ADMIN_TOKEN, useValue: TOKEN }] })
class ThingsModule {}

describe('Actor', () => {
  const kit = useKitApp(ThingsModule);

  const rename = (body: object, actor?: string) =>
    kit.app.inject({
      method: 'POST',
      url: '/v1/things/rename',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(actor === undefined ? {} : { 'x-omni-actor': actor }),
      },
      payload: body,
    });

  it('hands the X-Omni-Actor header to a change whose body names no actor', async () => {
    const answer = await rename({ name: 'b', reason: 'typo' }, 'ops:header');
    expect(answer.json()).toEqual({ actor: 'ops:header', reason: 'typo' });
  });

  it('leaves the body’s actor first', async () => {
    const answer = await rename({ name: 'b', reason: 'typo', actor: 'ops:body' }, 'ops:header');
    expect(answer.json()).toEqual({ actor: 'ops:body', reason: 'typo' });
  });

  it('answers 400 invalid_request for a change with no actor in the body or the header', async () => {
    const answer = await rename({ name: 'b', reason: 'typo' });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ code: 'invalid_request' });
  });

  it('documents the header once, as optional, with who it names', () => {
    const operation = kit.document.paths['/v1/things/rename'].post!;
    expect(operation.parameters).toEqual([
      {
        name: 'x-omni-actor',
        in: 'header',
        required: false,
        description: 'Who makes the change when the body names no actor.',
        schema: { type: 'string' },
      },
    ]);
  });

  it('documents the header as required where the body cannot name an actor', () => {
    const operation = kit.document.paths['/v1/things/upload'].post!;
    expect(operation.parameters).toEqual([
      {
        name: 'x-omni-actor',
        in: 'header',
        required: true,
        description: 'Who makes the change; this request’s body cannot name one.',
        schema: { type: 'string' },
      },
    ]);
  });
});
