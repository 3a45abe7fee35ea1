import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { RequestContext, Session } from '../graphql/context';
import { forbidden, unauthenticated } from '../graphql/errors';
import { hasRole, Role } from './roles';

/** The schema directive that declares the role a root field needs: `@requires(role: ADMIN)`. */
export const REQUIRES_DIRECTIVE = 'requires';

/** The role each root field of the schema needs, by operation type: `{ query: { cacheStats: ADMIN, … }, mutation: {…} }`. */
export interface RoleDeclarations {
  query: Record<string, Role>;
  mutation: Record<string, Role>;
}

/** Roles of root fields without `@requires`: queries are open to every role, mutations need EDITOR. */
export const DEFAULT_ROLES = { query: Role.VIEWER, mutation: Role.EDITOR } as const;

const declarationsBySchema = new WeakMap<GraphQLSchema, RoleDeclarations>();

/**
 * The role every Query and Mutation field needs, read from the `@requires(role:)` directives of
 * schema.graphql (the one place roles are declared), with {@link DEFAULT_ROLES} for the others.
 */
export function roleDeclarations(schema: GraphQLSchema): RoleDeclarations {
  let found = declarationsBySchema.get(schema);
  if (!found) {
    found = { query: rolesOf(schema.getQueryType(), DEFAULT_ROLES.query), mutation: rolesOf(schema.getMutationType(), DEFAULT_ROLES.mutation) };
    declarationsBySchema.set(schema, found);
  }
  return found;
}

/** The role declared with `@requires` on a field of a root type, or undefined when it has none. */
export function declaredRole(type: GraphQLObjectType, field: string): Role | undefined {
  const directive = type.getFields()[field]?.astNode?.directives?.find((d) => d.name.value === REQUIRES_DIRECTIVE);
  const arg = directive?.arguments?.find((a) => a.name.value === 'role')?.value;
  return arg?.kind === Kind.ENUM ? (arg.value as Role) : undefined;
}

function rolesOf(type: GraphQLObjectType | null | undefined, fallback: Role): Record<string, Role> {
  if (!type) return {};
  return Object.fromEntries(Object.keys(type.getFields()).map((name) => [name, declaredRole(type, name) ?? fallback]));
}

/**
 * The root fields an operation selects, through inline fragments and fragment spreads. Fields under
 * `@skip`/`@include` count too: the role is checked for everything the operation names.
 */
export function rootFields(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value) && fragments[s.name.value]) {
        seen.add(s.name.value);
        walk(fragments[s.name.value].selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return names;
}

const article = (role: Role) => (role === Role.VIEWER ? 'a' : 'an');

/** Why `session` may not run the root field `field`, or null when it may. */
export function refusal(session: Session, needed: Role, field: string): string | null {
  if (hasRole(session.role, needed)) return null;
  const what = session.actor.type === 'USER' ? 'user' : 'key';
  const role = session.role;
  return `${article(role) === 'a' ? 'A' : 'An'} ${role} ${what} cannot run ${field}: it needs ${article(needed)} ${needed} ${what === 'user' ? 'role' : 'key'}`;
}

/**
 * Access control, in one place, before anything runs: anonymous requests may only introspect the
 * schema (UNAUTHENTICATED, 401); every root field the operation selects is checked against the
 * role declared for it (FORBIDDEN, 403, naming the field and the role it needs).
 */
export const accessControl: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, schema, contextValue }) {
        if (!operation) return;
        const fragments: Record<string, FragmentDefinitionNode> = {};
        for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
        const fields = [...rootFields(operation, fragments)].filter((f) => !f.startsWith('__'));
        const session = contextValue.session;
        if (!session) {
          if (fields.length > 0) throw unauthenticated();
          return;
        }
        const declared = operation.operation === 'mutation' ? roleDeclarations(schema).mutation : roleDeclarations(schema).query;
        const fallback = operation.operation === 'mutation' ? DEFAULT_ROLES.mutation : DEFAULT_ROLES.query;
        for (const field of fields) {
          const message = refusal(session, declared[field] ?? fallback, field);
          if (message) throw forbidden(message);
        }
      },
    };
  },
};
