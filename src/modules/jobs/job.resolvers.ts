import type { Resolvers } from '../../graphql/generated';
import { pageSize } from '../../graphql/connection';
import { mutation } from '../../graphql/mutation';
import { clientLoaders } from '../clients';
import { staffLoaders } from '../staff';
import { jobLoaders } from './job.loaders';
import { jobService } from './job.service';
import type { JobStatus } from './job-status';

export const jobResolvers: Resolvers = {
  Query: {
    job: (_p, { id, includeDeleted }, ctx) => jobService.get(ctx, id, includeDeleted ?? false),
    jobs: (_p, args, ctx) => jobService.list(ctx, args),
    jobAsOf: (_p, { id, at }, ctx) => jobService.asOf(ctx, id, at),
  },
  Mutation: {
    createJob: mutation(async (tx, { input }) => ({ job: await jobService.create(tx, input) })),
    updateJob: mutation(async (tx, { id, input }) => ({ job: await jobService.update(tx, id, input) })),
    changeJobStatus: mutation(async (tx, { id, status }) => ({ job: await jobService.changeStatus(tx, id, status as JobStatus) })),
    deleteJob: mutation(async (tx, { id }) => ({ job: await jobService.delete(tx, id) })),
    restoreJob: mutation(async (tx, { id }) => ({ job: await jobService.restore(tx, id) })),
    revertJob: mutation(async (tx, { id, toVersion }) => ({ job: await jobService.revert(tx, id, toVersion) })),
  },
  Job: {
    client: async (job, _a, ctx) => (await ctx.loaders.get(clientLoaders).byId.load(job.clientId))!,
    assignee: (job, _a, ctx) => (job.assigneeId ? ctx.loaders.get(staffLoaders).byId.load(job.assigneeId) : null),
    allowedTransitions: (job) => [...jobService.allowedTransitions(job)],
  },
  Client: {
    jobs: (client, { first, after, status }, ctx) =>
      after
        ? jobService.list(ctx, { first, after, filter: { clientId: client.id, status }, orderBy: { field: 'CREATED_AT', direction: 'DESC' } })
        : ctx.loaders.get(jobLoaders).byClient.load({ parentId: client.id, first: pageSize(first), status }),
  },
};
