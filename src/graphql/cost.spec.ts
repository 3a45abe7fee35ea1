// Unit specs for the calculated query cost (pure: a schema and a parsed document).
import { buildSchema, getIntrospectionQuery, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { DEFAULT_LIST_SIZE, measureOperation, MUTATION_COST } from './cost';
import { loadTypeDefs } from './schema';

const schema = buildSchema(loadTypeDefs());

function measure(query: string, variables: Record<string, unknown> = {}) {
  const doc = parse(query);
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  return measureOperation(schema, operation, fragments, variables);
}

describe('measureOperation', () => {
  it('counts 1 per object and 0 per scalar', () => {
    expect(measure('{ viewer { name role workspace { slug } } }')).toEqual({ cost: 2, depth: 3, aliases: 0, rootFields: 1, introspectionProblem: null });
  });

  it('multiplies a connection by first, by the default page size (20) without it, and reads first from variables', () => {
    expect(measure('{ clients(first: 5) { nodes { id } pageInfo { hasNextPage } totalCount } }').cost).toBe(1 + 5 + 1);
    expect(measure('{ clients { edges { node { id } } } }').cost).toBe(1 + 20 * 2);
    expect(measure('query($n: Int) { clients(first: $n) { nodes { id } } }', { n: 50 }).cost).toBe(51);
    expect(measure('query($n: Int = 3) { clients(first: $n) { nodes { id } } }').cost).toBe(4);
    // Out of range: refused by the list builder later; the cost counts the largest page.
    expect(measure('{ clients(first: 100000) { nodes { id } } }').cost).toBe(101);
  });

  it('multiplies nested connections (the fan-out of clients → jobs → client)', () => {
    const m = measure('{ clients(first: 100) { nodes { jobs(first: 100) { nodes { client { name } } } } } }');
    expect(m.cost).toBe(1 + 100 * (1 + 1 + 100 * (1 + 1)));
    expect(m.depth).toBe(6);
  });

  it('assumes plain lists hold their @listSize, else the default size', () => {
    expect(measure('{ dashboard { jobsByStatus { count } } }').cost).toBe(1 + 8);
    expect(measure('{ job(id: "x") { costSets { costLines { id } } } }').cost).toBe(1 + 3 * (1 + DEFAULT_LIST_SIZE));
  });

  it('gives mutation fields a fixed cost', () => {
    const m = measure('mutation { a: createClient(input: { name: "A" }) { client { id } } b: createClient(input: { name: "B" }) { client { id } } }');
    expect(m).toEqual({ cost: 2 * (MUTATION_COST + 2), depth: 3, aliases: 2, rootFields: 2, introspectionProblem: null });
  });

  it('expands fragment spreads and inline fragments, counting aliases once per spread', () => {
    const m = measure(`
      query { ...Q ... on Query { viewer { name } } }
      fragment Q on Query { a: clients(first: 2) { nodes { ...C } } b: clients(first: 2) { nodes { ...C } } }
      fragment C on Client { id x: name }`);
    expect(m).toEqual({ cost: 2 * (1 + 2) + 1, depth: 3, aliases: 4, rootFields: 3, introspectionProblem: null });
  });

  it('measures deeply nested fragment spreads in linear time', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Viewer { a${i}: name ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : ''} }`);
    const started = Date.now();
    const m = measure(`{ viewer { ...F0 } } ${fragments.join('\n')}`);
    expect(Date.now() - started).toBeLessThan(500);
    expect(m.aliases).toBe(2 ** levels - 1);
  });

  it('leaves introspection out of cost, depth and root fields', () => {
    expect(measure(getIntrospectionQuery())).toEqual({ cost: 0, depth: 0, aliases: 0, rootFields: 0, introspectionProblem: null });
    expect(measure('{ __typename viewer { __typename name } }')).toEqual({ cost: 1, depth: 2, aliases: 0, rootFields: 1, introspectionProblem: null });
  });
});
