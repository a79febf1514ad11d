import { Get, Module } from '@nestjs/common';
import { ADMIN_TOKEN } from '../admin/admin-token';
import { AdminController, ApiErrors } from './admin-controller';
import { useKitApp } from './kit-app.spec-helper';

const TOKEN = 'test-admin-token-0123456789';

@AdminController('v1/things', 'things', { 400: 'invalid_request: a malformed thing id' })
class ThingsController {
  @Get()
  @ApiErrors({ 404: 'thing_not_found', 409: 'thing_locked' })
  list(): string[] {
    return ['a'];
  }
}

@Module({ controllers: [ThingsController], providers: [{ provide: ADMIN_TOKEN, useValue: TOKEN }] })
class ThingsModule {}

describe('AdminController and ApiErrors', () => {
  const kit = useKitApp(ThingsModule);

  it('guards every endpoint with the admin token', async () => {
    const get = (authorization?: string) =>
      kit.app.inject({
        method: 'GET',
        url: '/v1/things',
        headers: authorization ? { authorization } : {},
      });
    expect((await get()).statusCode).toBe(401);
    expect((await get(`Bearer ${TOKEN}`)).json()).toEqual(['a']);
  });

  it('documents the tag, bearer auth and every error answer with the error body', () => {
    const operation = kit.document.paths['/v1/things'].get!;
    expect(operation.tags).toEqual(['things']);
    expect(operation.security).toEqual([{ bearer: [] }]);
    const errors = Object.fromEntries(
      Object.entries(operation.responses)
        .filter(([status]) => Number(status) >= 400)
        .map(([status, response]) => [
          status,
          [
            (response as { description: string }).description,
            (response as { content: Record<string, { schema: { $ref: string } }> }).content[
              'application/json'
            ].schema.$ref,
          ],
        ]),
    );
    const body = '#/components/schemas/ErrorBodyDto';
    expect(errors).toEqual({
      '400': ['invalid_request: a malformed thing id', body],
      '401': ['invalid_admin_token', body],
      '404': ['thing_not_found', body],
      '409': ['thing_locked', body],
    });
  });
});
