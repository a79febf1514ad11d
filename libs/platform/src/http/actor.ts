import { Headers } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ACTOR_HEADER } from '../validation/change-request';

const described = {
  optional: 'Who makes the change when the body names no actor.',
  required: 'Who makes the change; this request’s body cannot name one.',
};

/**
 * The X-Omni-Actor header of an audited change, for `changeOf(body, actor)`: who makes the
 * change when the body names no actor. `@Actor() actor?: string` beside the `@Body()`;
 * `@Actor({ required: true })` where the body cannot name an actor (a CSV upload).
 *
 * OpenAPI reads `@Headers(name)` as a required header with no description; the `@ApiHeader`
 * of the same name on the method is merged into that parameter, so it is documented once,
 * optional unless the body cannot name the actor, with what it is for.
 */
export const Actor =
  ({ required = false }: { required?: boolean } = {}): ParameterDecorator =>
  (target, method, index) => {
    Headers(ACTOR_HEADER)(target, method, index);
    if (method === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, method);
    if (descriptor === undefined) return;
    ApiHeader({
      name: ACTOR_HEADER,
      required,
      description: required ? described.required : described.optional,
    })(target, method, descriptor);
  };
