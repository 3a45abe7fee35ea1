import { assertUnreferenced, findForUpdate } from '../../db/find';
import { workspaceOf, type RequestContext } from '../../graphql/context';
import type * as gql from '../../graphql/generated';
import type { SupplierFilter } from '../../graphql/generated';
import { containsText, defineList, type ListArgs } from '../../graphql/list';
import { validateInput } from '../../kernel/validation';
import { purchasingLoaders } from './purchasing.loaders';
import { Supplier } from './supplier.entity';
import { CreateSupplierInput, UpdateSupplierInput } from './supplier.inputs';

const SUPPLIER = { path: ['id'], what: 'Supplier' };

const listSuppliers = defineList<Supplier, SupplierFilter, 'NAME'>({
  entity: Supplier,
  alias: 's',
  sorts: { NAME: { expr: 'lower(s.name)', type: 'text' } },
  defaultOrder: { field: 'NAME', direction: 'ASC' },
  filters: { search: containsText(['s.name', 's.email', 's.account_ref']) },
  prime: (ctx) => ctx.loaders.get(purchasingLoaders).supplier,
});

/** Suppliers: who materials are bought from. */
export const supplierService = {
  /** A supplier of the caller's workspace, or null (also when deleted). */
  async get(ctx: RequestContext, id: string): Promise<Supplier | null> {
    const supplier = await ctx.loaders.get(purchasingLoaders).supplier.load(id);
    return supplier && !supplier.deletedAt ? supplier : null;
  },

  list(ctx: RequestContext, args: ListArgs<SupplierFilter, 'NAME'>) {
    return listSuppliers(ctx, args);
  },

  async create(ctx: RequestContext, input: gql.CreateSupplierInput): Promise<Supplier> {
    const data = await validateInput(CreateSupplierInput, input);
    return ctx.em.save(ctx.em.create(Supplier, { ...data, workspaceId: workspaceOf(ctx) }));
  },

  async update(ctx: RequestContext, id: string, input: gql.UpdateSupplierInput): Promise<Supplier> {
    const supplier = await findForUpdate(ctx.em, Supplier, workspaceOf(ctx), id, SUPPLIER);
    Object.assign(supplier, await validateInput(UpdateSupplierInput, input));
    return ctx.em.save(supplier);
  },

  /** Soft-deletes a supplier that no purchase order refers to. */
  async delete(ctx: RequestContext, id: string): Promise<Supplier> {
    const workspaceId = workspaceOf(ctx);
    const supplier = await findForUpdate(ctx.em, Supplier, workspaceId, id, SUPPLIER);
    await assertUnreferenced(ctx.em, Supplier, workspaceId, supplier.id, SUPPLIER);
    return ctx.em.softRemove(supplier);
  },
};
