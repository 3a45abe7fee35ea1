// Unit specs for the compiled executor: same results and error shapes as graphql-js would give.
import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { compiledExecutionGateway } from './executor';
import { executableSchema } from './schema';

const typeDefs = `
  type Query { items(first: Int!): ItemConnection! boom: Int coded: Int }
  type ItemConnection { nodes: [Int!]! totalCount: Int! }
`;

let counted = 0;
const schema = executableSchema(typeDefs, {
  Query: {
    items: (_: unknown, { first }: { first: number }) => {
      let total: Promise<number> | undefined;
      return {
        nodes: Array.from({ length: first }, (_x, i) => i),
        get totalCount() {
          return (total ??= Promise.resolve(++counted && 42));
        },
      };
    },
    boom: () => Promise.reject(new Error('database is down')),
    coded: () => {
      throw new GraphQLError('no', { extensions: { code: 'FORBIDDEN' } });
    },
  },
});

async function executorOf(): Promise<GatewayExecutor> {
  const { executor } = await compiledExecutionGateway(schema).load({ apollo: {} as never });
  return executor!;
}

function run(executor: GatewayExecutor, query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return executor({ document, operation, queryHash: query, operationName: null, context: {}, request: { variables } } as unknown as GatewayGraphQLRequestContext);
}

describe('compiledExecutionGateway', () => {
  it('resolves a lazy totalCount (a getter returning a promise) and runs it only when selected', async () => {
    const executor = await executorOf();
    counted = 0;
    expect(await run(executor, '{ items(first: 2) { nodes } }')).toEqual({ data: { items: { nodes: [0, 1] } } });
    expect(counted).toBe(0);
    expect(await run(executor, '{ items(first: 1) { nodes totalCount } }')).toEqual({ data: { items: { nodes: [0], totalCount: 42 } } });
    expect(counted).toBe(1);
  });

  it('reuses the compiled operation for the same query', async () => {
    const executor = await executorOf();
    const query = 'query Q($n: Int!) { items(first: $n) { nodes } }';
    expect((await run(executor, query, { n: 1 })).data).toEqual({ items: { nodes: [0] } });
    expect((await run(executor, query, { n: 3 })).data).toEqual({ items: { nodes: [0, 1, 2] } });
  });

  it('refuses bad variables with graphql-js errors on the variable definition (Apollo makes them BAD_USER_INPUT)', async () => {
    const executor = await executorOf();
    const result = await run(executor, 'query Q($n: Int!) { items(first: $n) { nodes } }', { n: 'many' });
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors as GraphQLError[];
    expect(error.message).toMatch(/^Variable "\$n" got invalid value "many"/);
    expect(error.nodes?.[0].kind).toBe(Kind.VARIABLE_DEFINITION);
  });

  it('gives resolver failures graphql-js errors with extensions, the original error and the path', async () => {
    const executor = await executorOf();
    const result = await run(executor, '{ boom coded }');
    expect(result.data).toEqual({ boom: null, coded: null });
    const errors = result.errors as GraphQLError[];
    const boom = errors.find((e) => e.path?.[0] === 'boom')!;
    const coded = errors.find((e) => e.path?.[0] === 'coded')!;
    expect(boom).toBeInstanceOf(GraphQLError);
    expect(boom.extensions).toEqual({});
    expect(boom.originalError?.message).toBe('database is down');
    expect(boom.path).toEqual(['boom']);
    expect(boom.locations).toEqual([{ line: 1, column: 3 }]);
    expect(coded.extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it('runs introspection with graphql-js', async () => {
    const executor = await executorOf();
    const result = await run(executor, '{ __type(name: "ItemConnection") { fields { name } } }');
    expect(result.data).toEqual({ __type: { fields: [{ name: 'nodes' }, { name: 'totalCount' }] } });
  });
});
