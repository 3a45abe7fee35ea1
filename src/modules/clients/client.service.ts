import { findForUpdate } from '../../db/find';
import { likePattern } from '../../db/like';
import { session, type RequestContext } from '../../graphql/context';
import { fail } from '../../graphql/errors';
import type { ClientFilter, ClientOrder } from '../../graphql/generated';
import { runMutation } from '../../graphql/mutation';
import { paginate, type PageArgs, type SortKey } from '../../graphql/pagination';
import { validateInput } from '../../graphql/validation';
import { Job } from '../jobs/job.entity';
import { Client } from './client.entity';
import { CreateClientInput, UpdateClientInput } from './client.inputs';

const SORTS: Record<string, SortKey> = {
  NAME: { name: 'NAME', expr: 'lower(c.name)', type: 'text' },
  CREATED_AT: { name: 'CREATED_AT', expr: 'c.created_at', type: 'timestamptz' },
};

/** Clients: the customers jobs are done for. */
export const clientService = {
  /** A client of the caller's workspace, or null (also for deleted clients). */
  async get(ctx: RequestContext, id: string): Promise<Client | null> {
    const client = await ctx.loaders.client.load(id);
    return client && !client.deletedAt ? client : null;
  },

  async list(ctx: RequestContext, args: PageArgs & { filter?: ClientFilter | null; orderBy?: ClientOrder | null }) {
    const { workspaceId } = session(ctx);
    const qb = ctx.db.getRepository(Client).createQueryBuilder('c').where('c.workspace_id = :ws', { ws: workspaceId });
    const search = args.filter?.search?.trim();
    if (search) qb.andWhere('(c.name ILIKE :q OR c.email ILIKE :q)', { q: likePattern(search) });
    const order = args.orderBy ?? { field: 'NAME', direction: 'ASC' };
    const page = await paginate(qb, 'c', SORTS[order.field], order.direction === 'DESC', args);
    page.nodes.forEach((c) => ctx.loaders.client.prime(c.id, c));
    return page;
  },

  create(ctx: RequestContext, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const data = await validateInput(CreateClientInput, input);
      const client = await em.save(em.create(Client, { ...data, workspaceId }));
      return { client };
    });
  },

  update(ctx: RequestContext, id: string, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const client = await findForUpdate(em, Client, workspaceId, id, ['id'], 'Client');
      const data = await validateInput(UpdateClientInput, input);
      Object.assign(client, data);
      return { client: await em.save(client) };
    });
  },

  /** Soft-deletes a client that has no jobs (deleted jobs included: they may be restored). */
  delete(ctx: RequestContext, id: string, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const client = await findForUpdate(em, Client, workspaceId, id, ['id'], 'Client');
      const jobs = await em.count(Job, { where: { clientId: client.id, workspaceId }, withDeleted: true });
      if (jobs > 0) fail('IN_USE', `Client has ${jobs} job${jobs === 1 ? '' : 's'} and cannot be deleted`, ['id']);
      await em.softRemove(client);
      return { client };
    });
  },
};
