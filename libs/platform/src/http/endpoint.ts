import { applyDecorators, Delete, Get, HttpCode, Post, Put, type Type } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, type SchemaObject } from '@nestjs/swagger';
import { ApiErrors, type ErrorStatus } from './admin-controller';

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** An endpoint as OpenAPI names it: `GET`, or `GET :customerId/export` below the controller's path. */
export type Route = HttpMethod | `${HttpMethod} ${string}`;

/** What OpenAPI says of an endpoint; `errors` as `@ApiErrors` takes them. */
export type EndpointDoc = {
  summary?: string;
  /** The success answer's DTO, `[Dto]` for an array of them. */
  answer?: Type<unknown> | [Type<unknown>];
  /** The success answer's schema, for an answer no DTO describes (CSV text, a free map). */
  schema?: SchemaObject;
  /** The success answer's description. */
  description?: string;
  /** The media types of the success answer when it is not only JSON. */
  produces?: string[];
  /** The success status when it is not the method's own (201 for POST, 200 for the others). */
  status?: 200 | 201 | 202 | 204;
  errors?: Partial<Record<ErrorStatus, string>>;
};

const handlers = { GET: Get, POST: Post, PUT: Put, DELETE: Delete } as const;

/**
 * One endpoint with its OpenAPI answers, in place of the route decorator and the stack of
 * documentation under it: `@Endpoint('GET :id', { summary, answer: XDto, errors: { 404:
 * 'x_not_found' } })`. The success answer is documented when the endpoint names an answer, a
 * schema or a description, and always for 204; `status` also sets the status sent.
 */
export function Endpoint(route: Route, doc: EndpointDoc = {}): MethodDecorator {
  const [method, path] = route.split(/ (.*)/s) as [HttpMethod, string | undefined];
  const { summary, answer, schema, description, produces, status, errors } = doc;
  const success = status ?? (method === 'POST' ? 201 : 200);
  const documented =
    answer !== undefined || schema !== undefined || description !== undefined || success === 204;
  const body = Array.isArray(answer)
    ? { type: answer[0], isArray: true }
    : answer === undefined
      ? {}
      : { type: answer };
  return applyDecorators(
    handlers[method](path),
    ...(status === undefined ? [] : [HttpCode(status)]),
    ...(summary === undefined ? [] : [ApiOperation({ summary })]),
    ...(produces === undefined ? [] : [ApiProduces(...produces)]),
    ...(documented
      ? [
          ApiResponse({
            status: success,
            ...body,
            ...(schema === undefined ? {} : { schema }),
            ...(description === undefined ? {} : { description }),
          }),
        ]
      : []),
    ...(errors === undefined ? [] : [ApiErrors(errors)]),
  );
}
