import { assertUnreferenced, findForUpdate } from '../../db/find';
import { workspaceOf, type RequestContext } from '../../graphql/context';
import type * as gql from '../../graphql/generated';
import type { ClientFilter, ClientOrderField } from '../../graphql/generated';
import { containsText, defineList, type ListArgs } from '../../graphql/list';
import { validateInput } from '../../kernel/validation';
import { Client } from './client.entity';
import { CreateClientInput, UpdateClientInput } from './client.inputs';
import { clientLoaders } from './client.loaders';

const CLIENT = { path: ['id'], what: 'Client' };

const listClients = defineList<Client, ClientFilter, ClientOrderField>({
  entity: Client,
  alias: 'c',
  sorts: { NAME: { expr: 'lower(c.name)', type: 'text' }, CREATED_AT: { expr: 'c.created_at', type: 'timestamptz' } },
  defaultOrder: { field: 'NAME', direction: 'ASC' },
  filters: { search: containsText(['c.name', 'c.email']) },
  prime: (ctx) => ctx.loaders.get(clientLoaders).byId,
});

/** Clients: the customers jobs are done for. */
export const clientService = {
  /** A client of the caller's workspace, or null (also for deleted clients). */
  async get(ctx: RequestContext, id: string): Promise<Client | null> {
    const client = await ctx.loaders.get(clientLoaders).byId.load(id);
    return client && !client.deletedAt ? client : null;
  },

  list(ctx: RequestContext, args: ListArgs<ClientFilter, ClientOrderField>) {
    return listClients(ctx, args);
  },

  async create(ctx: RequestContext, input: gql.CreateClientInput): Promise<Client> {
    const data = await validateInput(CreateClientInput, input);
    return ctx.em.save(ctx.em.create(Client, { ...data, workspaceId: workspaceOf(ctx) }));
  },

  async update(ctx: RequestContext, id: string, input: gql.UpdateClientInput): Promise<Client> {
    const client = await findForUpdate(ctx.em, Client, workspaceOf(ctx), id, CLIENT);
    Object.assign(client, await validateInput(UpdateClientInput, input));
    return ctx.em.save(client);
  },

  /** Soft-deletes a client that no rows refer to (its jobs, deleted ones included: they may be restored). */
  async delete(ctx: RequestContext, id: string): Promise<Client> {
    const workspaceId = workspaceOf(ctx);
    const client = await findForUpdate(ctx.em, Client, workspaceId, id, CLIENT);
    await assertUnreferenced(ctx.em, Client, workspaceId, client.id, CLIENT);
    return ctx.em.softRemove(client);
  },
};
