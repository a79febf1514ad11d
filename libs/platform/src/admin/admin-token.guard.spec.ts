import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ErrorBodyFilter } from '../errors/error-body.filter';
import { ADMIN_TOKEN } from './admin-token';
import { AdminTokenGuard } from './admin-token.guard';
import { useKitApp } from '../http/kit-app.spec-helper';

const TOKEN = 'test-admin-token-0123456789';

@UseGuards(AdminTokenGuard)
@Controller('admin')
class AdminController {
  @Get()
  list(): string[] {
    return [];
  }
}

@Module({
  controllers: [AdminController],
  providers: [
    { provide: ADMIN_TOKEN, useValue: TOKEN },
    { provide: APP_FILTER, useClass: ErrorBodyFilter },
  ],
})
class AdminModule {}

describe('AdminTokenGuard', () => {
  const kit = useKitApp(AdminModule);

  const get = (authorization?: string) =>
    kit.app.inject({
      method: 'GET',
      url: '/admin',
      headers: authorization === undefined ? {} : { authorization },
    });

  it('lets a request with the admin bearer token through', async () => {
    expect((await get(`Bearer ${TOKEN}`)).statusCode).toBe(200);
    expect((await get(`bearer   ${TOKEN} `)).statusCode).toBe(200);
  });

  it.each([
    ['no header', undefined],
    ['another token', 'Bearer test-admin-token-0123456780'],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token as Basic credentials', `Basic ${TOKEN}`],
    ['the bare token', TOKEN],
  ])('answers %s with 401 invalid_admin_token', async (_what, authorization) => {
    const response = await get(authorization);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toEqual({
      code: 'invalid_admin_token',
      message: 'send Authorization: Bearer <admin token>',
    });
  });
});
