import type { Resolvers } from '../../graphql/generated';
import { mutation } from '../../graphql/mutation';
import { clientService } from './client.service';

export const clientResolvers: Resolvers = {
  Query: {
    client: (_p, { id }, ctx) => clientService.get(ctx, id),
    clients: (_p, args, ctx) => clientService.list(ctx, args),
  },
  Mutation: {
    createClient: mutation(async (tx, { input }) => ({ client: await clientService.create(tx, input) })),
    updateClient: mutation(async (tx, { id, input }) => ({ client: await clientService.update(tx, id, input) })),
    deleteClient: mutation(async (tx, { id }) => ({ client: await clientService.delete(tx, id) })),
  },
};
