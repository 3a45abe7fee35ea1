import type { Resolvers } from '../../graphql/generated';
import { pageSize } from '../../graphql/pagination';
import { jobService } from '../jobs/job.service';
import { clientService } from './client.service';

export const clientResolvers: Resolvers = {
  Query: {
    client: (_p, { id }, ctx) => clientService.get(ctx, id),
    clients: (_p, args, ctx) => clientService.list(ctx, args),
  },
  Mutation: {
    createClient: (_p, { input, reason }, ctx) => clientService.create(ctx, input, reason),
    updateClient: (_p, { id, input, reason }, ctx) => clientService.update(ctx, id, input, reason),
    deleteClient: (_p, { id, reason }, ctx) => clientService.delete(ctx, id, reason),
  },
  Client: {
    jobs: (client, { first, after, status }, ctx) =>
      after
        ? jobService.list(ctx, { first, after, filter: { clientId: client.id, status }, orderBy: { field: 'CREATED_AT', direction: 'DESC' } })
        : ctx.loaders.jobsByClient.load({ clientId: client.id, first: pageSize(first), status }),
  },
};
