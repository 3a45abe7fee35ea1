import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, Kind, printSchema, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** How many compiled operations are kept (least recently used first out). */
const MAX_COMPILED = 1000;

/** graphql-jit's errors carry no `extensions` unless the original error had some; Apollo needs them. */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  if (error.extensions) return error;
  const copy = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined });
  (copy as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return copy;
}

const isIntrospection = (operation: OperationDefinitionNode) => operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'));

/**
 * Executes operations with graphql-jit: each distinct operation is compiled once into a JavaScript
 * function (kept in a bounded LRU keyed by the query hash and operation name), which resolves and
 * completes values without graphql-js's per-field bookkeeping. Apollo still parses, validates and
 * runs its plugins; only execution changes. Introspection keeps graphql-js's executor.
 *
 * Apollo Server 5 accepts a custom executor only through its gateway interface, so this is a
 * "gateway" that serves one fixed schema.
 */
export function compiledExecutionGateway(schema: GraphQLSchema): GatewayInterface {
  const compiled = new Map<string, CompiledQuery>();

  const compiledFor = (key: string, build: () => CompiledQuery | ExecutionResult): CompiledQuery | ExecutionResult => {
    const hit = compiled.get(key);
    if (hit) {
      compiled.delete(key);
      compiled.set(key, hit);
      return hit;
    }
    const made = build();
    if (isCompiledQuery(made)) {
      compiled.set(key, made);
      if (compiled.size > MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    }
    return made;
  };

  const executor: GatewayExecutor = async (rc) => {
    const { document, operation, context } = rc;
    const variables = rc.request.variables ?? {};
    if (!operation || isIntrospection(operation)) {
      return execute({ schema, document, contextValue: context, variableValues: variables, operationName: rc.operationName });
    }
    const query = compiledFor(`${rc.queryHash}|${rc.operationName ?? ''}`, () => compileQuery(schema, document, rc.operationName ?? undefined));
    if (!isCompiledQuery(query)) return query;
    // graphql-js coerces the variables first, for its errors (Apollo turns them into BAD_USER_INPUT);
    // the compiled query then coerces the raw values again itself.
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return { errors: coerced.errors };
    const result = await query.query(undefined, context, variables);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async stop() {},
  };
}
