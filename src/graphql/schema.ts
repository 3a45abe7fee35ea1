import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { isObjectType, type GraphQLSchema } from 'graphql';

/** Reads schema.graphql from the project root (found upwards from this file, in src/ or dist/src/). */
export function loadTypeDefs(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'schema.graphql');
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw new Error('schema.graphql not found above ' + __dirname);
}

/**
 * The executable schema: the type definitions with their resolvers. Fields without a resolver are read
 * as plain properties by the compiled executor (see executor.ts), which does not wait for promises
 * there; so a connection's lazy `totalCount` (a getter returning a promise) gets a resolver here.
 */
export function executableSchema(typeDefs: string, resolvers: object): GraphQLSchema {
  const schema = makeExecutableSchema({ typeDefs, resolvers: resolvers as never });
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.name.endsWith('Connection')) continue;
    const totalCount = type.getFields().totalCount;
    if (totalCount && !totalCount.resolve) totalCount.resolve = (connection: { totalCount: Promise<number> }) => connection.totalCount;
  }
  return schema;
}
