import type { ApolloServerPlugin } from '@apollo/server';
// Types only (erased when compiled): the modules themselves are required below, and only when tracing is on.
import type * as OtelApi from '@opentelemetry/api';
import type * as OtelExporter from '@opentelemetry/exporter-trace-otlp-http';
import type * as OtelExpress from '@opentelemetry/instrumentation-express';
import type * as OtelGraphql from '@opentelemetry/instrumentation-graphql';
import type * as OtelHttp from '@opentelemetry/instrumentation-http';
import type * as OtelPg from '@opentelemetry/instrumentation-pg';
import type * as OtelSdk from '@opentelemetry/sdk-node';

/** Tracing that {@link startTracing} started: the Apollo plugin for operation spans, and how to flush and stop. */
export interface Tracing {
  plugin: ApolloServerPlugin;
  stop(): Promise<void>;
}

/**
 * OpenTelemetry traces, only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (the SDK reads it and the other
 * standard `OTEL_*` variables): HTTP, express, GraphQL parse/validate and pg spans from the official
 * instrumentations, and one span per GraphQL operation (named after it) from the returned plugin,
 * exported over OTLP/HTTP. Must run before `http`, `express` and `pg` are loaded (main.ts calls it
 * first). Without the variable nothing of OpenTelemetry is loaded and this returns null.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | null {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is configured */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof OtelSdk;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtelExporter;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof OtelHttp;
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof OtelExpress;
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof OtelGraphql;
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof OtelPg;
  const api = require('@opentelemetry/api') as typeof OtelApi;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || 'jobcost-api',
    traceExporter: new OTLPTraceExporter(),
    // Statement texts only (no parameters), like the slow-statement log.
    instrumentations: [
      new HttpInstrumentation(),
      new ExpressInstrumentation(),
      new GraphQLInstrumentation({ mergeItems: true }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  const tracer = api.trace.getTracer('jobcost-api');
  const plugin: ApolloServerPlugin = {
    async requestDidStart({ request }) {
      const span = tracer.startSpan(`graphql ${request.operationName ?? 'operation'}`);
      return {
        async didResolveOperation({ operation }) {
          span.updateName(`graphql ${operation?.operation ?? 'operation'} ${operation?.name?.value ?? '(anonymous)'}`);
          span.setAttribute('graphql.operation.type', operation?.operation ?? 'unknown');
          if (operation?.name) span.setAttribute('graphql.operation.name', operation.name.value);
        },
        async willSendResponse({ errors }) {
          if (errors?.length) span.setStatus({ code: api.SpanStatusCode.ERROR, message: String(errors[0].extensions?.code ?? 'error') });
          span.end();
        },
      };
    },
  };
  return { plugin, stop: () => sdk.shutdown() };
}
