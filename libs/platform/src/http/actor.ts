import { Headers } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ACTOR_HEADER } from '../validation/change-request';

/**
 * The X-Omni-Actor header of an audited change, for `changeOf(body, actor)`: who makes the
 * change when the body names no actor. `@Actor() actor?: string` beside the `@Body()`.
 *
 * OpenAPI reads `@Headers(name)` as a required header with no description; the `@ApiHeader`
 * of the same name on the method is merged into that parameter, so it is documented once,
 * optional (the body's actor comes first), with what it is for.
 */
export const Actor = (): ParameterDecorator => (target, method, index) => {
  Headers(ACTOR_HEADER)(target, method, index);
  if (method === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, method);
  if (descriptor === undefined) return;
  ApiHeader({
    name: ACTOR_HEADER,
    required: false,
    description: 'Who makes the change when the body names no actor.',
  })(target, method, descriptor);
};
