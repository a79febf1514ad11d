import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

const SELECT = '/v1/prices/select';

/**
 * Select's answer leaves as bytes, not as a string: node's HTTP server prepends the head to a
 * string answer (`head + body`), and the socket write then copies that string flat again, about
 * 6.6 KB of the service thread's heap per checkout answer. A Buffer's bytes live outside the
 * heap and go out after the head in one write.
 */
@Injectable()
export class SelectAnswerBytes implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', (request, _reply, payload, done) => {
      if (typeof payload === 'string' && request.routeOptions.url === SELECT)
        done(null, Buffer.from(payload));
      else done(null, payload);
    });
  }
}
