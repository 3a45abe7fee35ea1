import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { withStatementCounter, type StatementCounter } from '../db/statement-counter';
import type { RequestContext, Session } from '../graphql/context';
import type { Log } from '../logger';
import type { Metrics } from './metrics';

/** What is known about one request to `/graphql`, filled in as it goes and logged when its response is sent. */
interface RequestRecord {
  requestId: string;
  started: bigint;
  counter: StatementCounter;
  operationName: string | null;
  /** `ok`, or the first error's code; null when no operation ran (refused before GraphQL). */
  outcome: string | null;
  actorId: string | null;
  workspaceId: string | null;
}

/** The outcome of a request refused before any operation ran, from its HTTP status. */
const OUTCOME_BY_STATUS: Record<number, string> = { 400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 429: 'THROTTLED', 503: 'SERVICE_UNAVAILABLE' };

/**
 * One JSON log line per GraphQL request (request id, operation name, actor, workspace, duration, SQL
 * statements, HTTP status, outcome), its metrics, and a warning naming the operation when it ran more
 * than `maxStatements` SQL statements (an N+1 that slipped through). The middleware starts the record
 * (and counts the request's statements); the context and the plugin fill it in.
 */
export function requestRecorder(log: Log, metrics: Metrics, maxStatements: number) {
  // On the context itself: Apollo hands plugins a (shallow) copy of the object the context function made.
  const RECORD = Symbol('request record');
  const recordOf = (ctx: object) => (ctx as { [RECORD]?: RequestRecord })[RECORD];

  const finish = (r: RequestRecord, status: number) => {
    const seconds = Number(process.hrtime.bigint() - r.started) / 1e9;
    const outcome = r.outcome ?? OUTCOME_BY_STATUS[status] ?? (status < 400 ? 'ok' : `HTTP_${status}`);
    if (outcome === 'THROTTLED') metrics.refused(r.actorId ? 'cost' : 'authentication');
    metrics.request({ operationName: r.operationName, outcome, seconds, statements: r.counter.statements });
    const fields = {
      requestId: r.requestId,
      operationName: r.operationName,
      actorId: r.actorId,
      workspaceId: r.workspaceId,
      durationMs: Math.round(seconds * 10_000) / 10,
      sqlStatements: r.counter.statements,
      status,
      outcome,
    };
    log.info('request', fields);
    if (r.counter.statements > maxStatements) {
      log.warn('many sql statements in one request', { requestId: r.requestId, operationName: r.operationName, sqlStatements: r.counter.statements, limit: maxStatements });
    }
  };

  return {
    /** Express middleware before Apollo: request id (from `x-request-id` when sane), the record, statement counting. */
    middleware(req: Request, res: Response, next: NextFunction): void {
      const given = req.get('x-request-id');
      const requestId = given && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
      res.locals.requestId = requestId;
      res.set('x-request-id', requestId);
      const record: RequestRecord = {
        requestId,
        started: process.hrtime.bigint(),
        counter: { statements: 0 },
        operationName: null,
        outcome: null,
        actorId: null,
        workspaceId: null,
      };
      res.locals.requestRecord = record;
      res.on('finish', () => finish(record, res.statusCode));
      withStatementCounter(next, record.counter);
    },

    /** Links the request's context to its record (and the caller, once authenticated). */
    attach(res: Response, ctx: object, session: Session | null): void {
      const record = res.locals.requestRecord as RequestRecord | undefined;
      if (!record) return;
      (ctx as { [RECORD]?: RequestRecord })[RECORD] = record;
      record.actorId = session?.actor.id ?? null;
      record.workspaceId = session?.workspaceId ?? null;
    },

    /** Takes the operation's name and outcome from Apollo. */
    plugin: {
      async requestDidStart() {
        return {
          async willSendResponse({ contextValue, operation, request, errors, response }) {
            const record = recordOf(contextValue);
            if (!record) return;
            const first = errors?.[0] ?? (response.body.kind === 'single' ? response.body.singleResult.errors?.[0] : undefined);
            const code = first?.extensions?.code;
            record.operationName = operation?.name?.value ?? request.operationName ?? null;
            record.outcome = first ? (typeof code === 'string' ? code : 'error') : 'ok';
          },
        };
      },
    } satisfies ApolloServerPlugin<RequestContext>,
  };
}
