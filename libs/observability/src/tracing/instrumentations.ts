import {
  getNodeAutoInstrumentations,
  type InstrumentationConfigMap,
} from '@opentelemetry/auto-instrumentations-node';
import { isProbeRequest } from '../probe-requests';

type InstrumentationName = keyof InstrumentationConfigMap extends infer K
  ? K extends `@opentelemetry/instrumentation-${infer Short}`
    ? Short
    : never
  : never;

/**
 * Every instrumentation the bundle offers, on or off. Exhaustive on purpose: an upgrade that
 * adds one fails typecheck here instead of silently adding spans to every trace.
 */
const enabled: Record<InstrumentationName, boolean> = {
  http: true,
  undici: true,
  pg: true,
  // libs/messaging makes its own producer/consumer spans and carries trace context itself.
  kafkajs: false,
  'nestjs-core': true,
  // fs, dns and net would turn each request into hundreds of spans.
  fs: false,
  dns: false,
  net: false,
  // Log correlation is done by our own pino mixin; this one would duplicate the fields.
  pino: false,
  amqplib: false,
  'aws-lambda': false,
  'aws-sdk': false,
  bunyan: false,
  'cassandra-driver': false,
  connect: false,
  cucumber: false,
  dataloader: false,
  express: false,
  'generic-pool': false,
  graphql: false,
  grpc: false,
  hapi: false,
  'host-metrics': false,
  ioredis: false,
  knex: false,
  koa: false,
  'lru-memoizer': false,
  memcached: false,
  mongodb: false,
  mongoose: false,
  mysql: false,
  mysql2: false,
  openai: false,
  oracledb: false,
  redis: false,
  restify: false,
  router: false,
  'runtime-node': false,
  'socket.io': false,
  tedious: false,
  winston: false,
};

/**
 * Only what carries trace ids when no span is exported: outgoing HTTP (traceparent to the next
 * service; the incoming request's span comes from installRequestTraceIds). The Nest handler and
 * Postgres query spans would only ever be unsampled, unrecorded spans, yet each wraps every
 * request or query.
 */
const idsOnly: ReadonlySet<InstrumentationName> = new Set(['http', 'undici']);

export type InstrumentationOptions = {
  /**
   * True when spans are exported (an OTLP endpoint or a custom exporter): every enabled
   * instrumentation. False: ids only (see idsOnly).
   */
  recording: boolean;
};

export function omniInstrumentations(
  options: InstrumentationOptions = { recording: true },
): ReturnType<typeof getNodeAutoInstrumentations> {
  const config: InstrumentationConfigMap = {};
  for (const [name, on] of Object.entries(enabled)) {
    const wanted = on && (options.recording || idsOnly.has(name as InstrumentationName));
    config[`@opentelemetry/instrumentation-${name as InstrumentationName}`] = { enabled: wanted };
  }
  config['@opentelemetry/instrumentation-http'] = {
    enabled: true,
    // Without an exporter a Fastify hook gives each request its ids (installRequestTraceIds);
    // outgoing requests still carry traceparent.
    disableIncomingRequestInstrumentation: !options.recording,
    // Probes would only bury real traffic.
    ignoreIncomingRequestHook: isProbeRequest,
    // Query values can be personal data (a look-up by phone or email): traces keep the names.
    // Unrecorded spans keep no attributes, so without an exporter the hook is not installed.
    ...(options.recording
      ? { startIncomingSpanHook: (request) => ({ 'url.query': queryNamesOnly(request.url) }) }
      : {}),
  };
  // Pollers (outbox relay, readiness pings) would otherwise open a root trace per query.
  if (options.recording)
    config['@opentelemetry/instrumentation-pg'] = { enabled: true, requireParentSpan: true };
  return getNodeAutoInstrumentations(config);
}

/** The query string of a request URL with every value replaced, or undefined without one. */
export function queryNamesOnly(url: string | undefined): string | undefined {
  const at = url?.indexOf('?') ?? -1;
  if (url === undefined || at < 0) return undefined;
  const names = [...new URLSearchParams(url.slice(at + 1)).keys()];
  return names.map((name) => `${encodeURIComponent(name)}=REDACTED`).join('&');
}
