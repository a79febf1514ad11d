export {
  ServicePlatformModule,
  SERVICE_CONFIG,
  withServiceConfig,
  type ServicePlatformOptions,
} from './service-platform.module';
export {
  defineServiceConfig,
  httpThreadsSetting,
  platformSettings,
  type PlatformSettings,
  type ServiceConfig,
  type ServiceConfigOf,
  type ServiceDefinition,
  type ServiceDescriptor,
} from './service-config';
export { runService, type RunServiceOptions } from './run-service';
// A service on more than one HTTP thread (ADR 0040): calls to the process's other threads.
export {
  httpThreads,
  isExtraHttpThread,
  ThreadGroup,
  type ThreadCallResult,
} from '@omni/observability';
export {
  ApiError,
  type ApiErrorOptions,
  type ErrorBody,
  type PlatformErrorCode,
} from './errors/api-error';
export { ErrorBodyDto } from './errors/error-body.dto';
export { ErrorBodyFilter } from './errors/error-body.filter';
export { ADMIN_TOKEN, adminTokenVariable, developmentAdminToken } from './admin/admin-token';
export { AdminTokenGuard } from './admin/admin-token.guard';
export {
  invalidRequest,
  RequestValidationPipe,
  type RequestIssue,
} from './validation/request-validation.pipe';
// Request and response DTOs from zod schemas; services take them from here, not nestjs-zod.
export { createZodDto, type ZodDto } from 'nestjs-zod';
export { freeText, idText } from './validation/text';
export { CustomerIdParamsDto, customerIdText, idParams, IdParamsDto } from './validation/id-params';
export {
  PAGE_LIMIT,
  PageDto,
  pageLimit,
  pageOf,
  pageQuerySchema,
  type Page,
} from './pagination/page';
export { PeriodicTask } from './scheduling/periodic-task';
export { profileChangesHandler } from './identity/profile-changes-handler';
export {
  HandlesEachEvent,
  HandlesTopic,
  type ConsumerNames,
  type DownstreamBatch,
  type EachEventMethod,
  type TopicHandlerSettings,
} from './consumers/handles-topic';
export { Actor } from './http/actor';
export { AdminController, ApiErrors, type ErrorStatus } from './http/admin-controller';
export { BodyParsers, setBodyParsers, type BodyParserOptions } from './http/body-parsers';
export { NullableProperty } from './http/nullable-property';
export { RowAnswer, type RowAnswerOf, type RowAnswerOptions } from './http/row-answer';
export { Endpoint, type EndpointDoc, type Route } from './http/endpoint';
export { JsonAnswer, serializationSchemaOf, type SerializationSchema } from './http/json-answer';
export {
  ACTOR_HEADER,
  actorOf,
  changeFields,
  ChangeDto,
  changeOf,
  currencyCode,
  instant,
  minorAmount,
  type Change,
  validToAfterValidFrom,
} from './validation/change-request';
