import { Headers } from '@nestjs/common';
import { ACTOR_HEADER } from '../validation/change-request';

/**
 * The X-Omni-Actor header of an audited change, for `changeOf(body, actor)`: who makes the
 * change when the body names no actor. `@Actor() actor?: string` beside the `@Body()`.
 */
export const Actor = (): ParameterDecorator => Headers(ACTOR_HEADER);
