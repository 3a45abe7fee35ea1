/**
 * Calculated query cost, depth, aliases and root fields of one operation, worked out from the
 * document before anything runs (and before graphql-jit compiles it), in the style of Shopify's and
 * GitHub's calculated query cost:
 *
 * - every field that returns an object (or a list of objects) costs 1 per object it can return;
 *   scalar and enum fields cost 0 (their value comes with the row of their object);
 * - a connection (a field with a `first` argument returning a `…Connection`) returns up to `first`
 *   nodes (the list builder's default page size when absent, capped at its maximum), so its `edges`
 *   and `nodes` cost `first` times their selection;
 * - any other list of objects is assumed to hold the size its schema field declares with
 *   `@listSize(assumedSize: …)`, {@link DEFAULT_LIST_SIZE} otherwise;
 * - a mutation field costs {@link MUTATION_COST} plus its selection;
 * - `__schema` / `__type` subtrees (introspection) and `__typename` cost nothing and add no depth;
 *   introspection is bounded on its own instead: at most {@link MAX_INTROSPECTION_DEPTH} levels (and
 *   graphql-js's own validation refuses `fields` / `interfaces` / `possibleTypes` nested more than 3
 *   deep, which is how introspection would walk the whole schema again for every field).
 *
 * Fragments (spreads and inline) are expanded; a named fragment is measured once per page size it
 * is used under, so a document that spreads fragments into one another costs linear time to measure.
 * Inline fragments on different types of a union or interface are added up (an upper bound).
 */
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection';

/** Assumed length of a plain list of objects whose schema field declares no `@listSize`. */
export const DEFAULT_LIST_SIZE = 10;
/** Fixed cost of every mutation field, on top of what its payload selects. */
export const MUTATION_COST = 10;
/** Deepest introspection subtree (the standard introspection query, with its `ofType` chains, is 15). */
export const MAX_INTROSPECTION_DEPTH = 20;

/** Limits of one operation, checked before it runs. */
export interface QueryLimits {
  maxCost: number;
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
}

/** What {@link measureOperation} found. */
export interface OperationMeasure {
  cost: number;
  /** Deepest field nesting; a root field is depth 1. */
  depth: number;
  /** Fields requested under an alias (a fragment counts once per spread). */
  aliases: number;
  /** Fields of the root selection (introspection fields excepted). */
  rootFields: number;
  /** What makes the operation's introspection too large (see the file comment), or null. */
  introspectionProblem: string | null;
}

interface Measure {
  cost: number;
  depth: number;
  aliases: number;
  fields: number;
}

const ZERO: Measure = { cost: 0, depth: 0, aliases: 0, fields: 0 };

function add(a: Measure, b: Measure): Measure {
  return { cost: a.cost + b.cost, depth: Math.max(a.depth, b.depth), aliases: a.aliases + b.aliases, fields: a.fields + b.fields };
}

/** The `first`/`last` argument of a field as a page size: a literal, a variable (or its default), else the default page size. */
function pageSizeOf(field: FieldNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  const arg = field.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
  let value: unknown = undefined;
  const literal = (node: ValueNode | undefined) => (node?.kind === Kind.INT ? Number(node.value) : undefined);
  if (arg?.value.kind === Kind.VARIABLE) {
    const name = arg.value.name.value;
    value = variables[name] ?? literal(operation.variableDefinitions?.find((d) => d.variable.name.value === name)?.defaultValue);
  } else {
    value = literal(arg?.value);
  }
  // Out-of-range sizes are refused by the list builder with BAD_USER_INPUT; here they are only clamped.
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(Math.trunc(value), 0), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

function declaredListSize(field: GraphQLField<unknown, unknown>): number {
  const directive = field.astNode?.directives?.find((d) => d.name.value === 'listSize');
  const size = directive?.arguments?.find((a) => a.name.value === 'assumedSize')?.value;
  return size?.kind === Kind.INT ? Number(size.value) : DEFAULT_LIST_SIZE;
}

function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(field.type).name.endsWith('Connection') && field.args.some((a) => a.name === 'first' || a.name === 'last');
}

/**
 * Measures one operation of a validated document (see the file comment). `variables` are the
 * request's raw variable values (for `first: $n`).
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
): OperationMeasure {
  const memo = new Map<string, Measure>();
  const isMutation = operation.operation === 'mutation';

  /** `pageSize`: set when this selection set is a connection's, whose edges/nodes lists hold that many. */
  const selectionSet = (set: SelectionSetNode, parent: GraphQLNamedType, pageSize: number | null, root: boolean): Measure => {
    let total = ZERO;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total = add(total, field(selection, parent, pageSize, root));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? parent) : parent;
        total = add(total, selectionSet(selection.selectionSet, type, pageSize, root));
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment) continue;
        const key = `${name}|${pageSize}|${root}`;
        let measured = memo.get(key);
        if (!measured) {
          measured = selectionSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? parent, pageSize, root);
          memo.set(key, measured);
        }
        total = add(total, measured);
      }
    }
    return total;
  };

  const field = (node: FieldNode, parent: GraphQLNamedType, pageSize: number | null, root: boolean): Measure => {
    const name = node.name.value;
    if (name.startsWith('__')) return ZERO;
    const aliases = node.alias && node.alias.value !== name ? 1 : 0;
    const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
    const named = def && getNamedType(def.type);
    const fixed = root && isMutation ? MUTATION_COST : 0;
    if (!def || !named || !isCompositeType(named) || !node.selectionSet) return { cost: fixed, depth: 1, aliases, fields: 1 };
    const connection = isConnection(def);
    const children = selectionSet(node.selectionSet, named, connection ? pageSizeOf(node, operation, variables) : null, false);
    const items = isListType(getNullableType(def.type)) ? (pageSize ?? declaredListSize(def)) : 1;
    return { cost: fixed + items * (1 + children.cost), depth: 1 + children.depth, aliases: aliases + children.aliases, fields: 1 };
  };

  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return { cost: 0, depth: 0, aliases: 0, rootFields: 0, introspectionProblem: null };
  const m = selectionSet(operation.selectionSet, rootType, null, true);
  return { cost: m.cost, depth: m.depth, aliases: m.aliases, rootFields: m.fields, introspectionProblem: introspectionProblem(operation.selectionSet, fragments) };
}

/**
 * Walks the introspection subtrees (`__schema`, `__type`, wherever they are) for a path deeper than
 * {@link MAX_INTROSPECTION_DEPTH}. Each fragment is walked once per depth it is spread at.
 */
function introspectionProblem(root: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>): string | null {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode, depth: number): string | null => {
    for (const selection of set.selections) {
      let problem: string | null = null;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const inside = depth > 0 || name === '__schema' || name === '__type';
        if (inside && depth + 1 > MAX_INTROSPECTION_DEPTH) return `introspection is deeper than ${MAX_INTROSPECTION_DEPTH} levels`;
        if (selection.selectionSet) problem = walk(selection.selectionSet, inside ? depth + 1 : 0);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        problem = walk(selection.selectionSet, depth);
      } else {
        const fragment = fragments[selection.name.value];
        const key = `${selection.name.value}|${depth}`;
        if (fragment && !seen.has(key)) {
          seen.add(key);
          problem = walk(fragment.selectionSet, depth);
        }
      }
      if (problem) return problem;
    }
    return null;
  };
  return walk(root, 0);
}
