import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode } from 'graphql';
import type { BucketRule, Buckets } from '../cache/bucket';
import type { RequestContext } from './context';
import { MAX_INTROSPECTION_DEPTH, measureOperation, type OperationMeasure, type QueryLimits } from './cost';
import { queryTooComplex, throttled } from './errors';

/** `extensions.cost` of every response to an operation (Shopify's shape). */
export interface CostExtension {
  requestedQueryCost: number;
  /** The requested cost: what was taken from the bucket (nothing is refunded afterwards). */
  actualQueryCost: number;
  /** Null when rate limiting is off or the request has no key (introspection). */
  throttleStatus: {
    maximumAvailable: number;
    /** Null when the bucket's store did not answer in time (the request was let through). */
    currentlyAvailable: number | null;
    restoreRate: number;
  } | null;
}

/** Settings of {@link queryLimitsPlugin}. */
export interface LimitsOptions {
  limits: QueryLimits;
  /** The bucket of cost points of each key; null: no rate limit. */
  rateLimit: BucketRule | null;
  buckets: Buckets;
}

/** The first limit the operation is over, as the error to refuse it with. */
function overLimit(m: OperationMeasure, limits: QueryLimits) {
  if (m.introspectionProblem) return queryTooComplex(`The operation's ${m.introspectionProblem}`, { limit: MAX_INTROSPECTION_DEPTH });
  if (m.depth > limits.maxDepth) return queryTooComplex(`Query depth ${m.depth} exceeds the limit of ${limits.maxDepth}`, { depth: m.depth, limit: limits.maxDepth });
  if (m.rootFields > limits.maxRootFields) {
    return queryTooComplex(`The operation has ${m.rootFields} root fields; the limit is ${limits.maxRootFields}`, { rootFields: m.rootFields, limit: limits.maxRootFields });
  }
  if (m.aliases > limits.maxAliases)
    return queryTooComplex(`The operation has ${m.aliases} aliases; the limit is ${limits.maxAliases}`, { aliases: m.aliases, limit: limits.maxAliases });
  if (m.cost > limits.maxCost) return queryTooComplex(`Query cost ${m.cost} exceeds the limit of ${limits.maxCost}`, { cost: m.cost, limit: limits.maxCost });
  return null;
}

/**
 * Measures every operation once it is resolved, before it is compiled or run (see cost.ts): refuses
 * it with QUERY_TOO_COMPLEX when over a limit, then takes its cost (at least 1 point) from the key's
 * bucket, refusing it with THROTTLED (HTTP 429, `Retry-After`) when the bucket is short. Every
 * response to an operation carries `extensions.cost`.
 */
export function queryLimitsPlugin({ limits, rateLimit, buckets }: LimitsOptions): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let cost: CostExtension | undefined;
      return {
        async didResolveOperation({ operation, document, request, schema, contextValue }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
          const measured = measureOperation(schema, operation, fragments, request.variables ?? {});
          cost = { requestedQueryCost: measured.cost, actualQueryCost: measured.cost, throttleStatus: null };
          const refusal = overLimit(measured, limits);
          if (refusal) throw refusal;
          const actor = contextValue.session?.actor;
          if (!rateLimit || !actor) return;
          const take = await buckets.take(`cost:${actor.type}:${actor.id}`, rateLimit, Math.max(1, measured.cost));
          cost.throttleStatus = { maximumAvailable: rateLimit.capacity, currentlyAvailable: take.available, restoreRate: rateLimit.restorePerSecond };
          if (!take.allowed) {
            throw throttled(
              `Rate limit: the operation costs ${measured.cost} points and ${Math.floor(take.available ?? 0)} are available; retry in ${take.retryAfterSeconds} s`,
              take.retryAfterSeconds,
            );
          }
        },
        async willSendResponse({ response }) {
          if (cost && response.body.kind === 'single') response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost };
        },
      };
    },
  };
}

/**
 * Runs `authenticate` unless the client address has used up its failed authentications
 * (`perMinute`, refilled continuously; 0: no limit), and counts a failure against the address: key
 * guessing gets THROTTLED (HTTP 429), whether or not the guess would have been right.
 */
export async function throttleFailedAuthentication<S>(buckets: Buckets, perMinute: number, address: string, authenticate: () => Promise<S | null>): Promise<S | null> {
  if (!perMinute) return authenticate();
  const rule: BucketRule = { capacity: perMinute, restorePerSecond: perMinute / 60 };
  const key = `auth-failures:${address}`;
  const left = (await buckets.take(key, rule, 0)).available;
  const refuse = (available: number) =>
    throttled('Too many failed authentications from this address; retry later', Math.max(1, Math.ceil((1 - available) / rule.restorePerSecond)));
  if (left !== null && left < 1) throw refuse(left);
  const session = await authenticate();
  if (!session) {
    const failure = await buckets.take(key, rule, 1);
    if (!failure.allowed) throw refuse(failure.available ?? 0);
  }
  return session;
}
