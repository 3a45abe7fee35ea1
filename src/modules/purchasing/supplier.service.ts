import { findForUpdate } from '../../db/find';
import { likePattern } from '../../db/like';
import { session, type RequestContext } from '../../graphql/context';
import { fail } from '../../graphql/errors';
import type { SupplierFilter } from '../../graphql/generated';
import { runMutation } from '../../graphql/mutation';
import { paginate, type PageArgs } from '../../graphql/pagination';
import { validateInput } from '../../graphql/validation';
import { PurchaseOrder } from './purchase-order.entity';
import { Supplier } from './supplier.entity';
import { CreateSupplierInput, UpdateSupplierInput } from './supplier.inputs';

/** Suppliers: who materials are bought from. */
export const supplierService = {
  /** A supplier of the caller's workspace, or null (also when deleted). */
  async get(ctx: RequestContext, id: string): Promise<Supplier | null> {
    const supplier = await ctx.loaders.supplier.load(id);
    return supplier && !supplier.deletedAt ? supplier : null;
  },

  async list(ctx: RequestContext, args: PageArgs & { filter?: SupplierFilter | null }) {
    const { workspaceId } = session(ctx);
    const qb = ctx.db.getRepository(Supplier).createQueryBuilder('s').where('s.workspace_id = :ws', { ws: workspaceId });
    const search = args.filter?.search?.trim();
    if (search) qb.andWhere('(s.name ILIKE :q OR s.email ILIKE :q OR s.account_ref ILIKE :q)', { q: likePattern(search) });
    const page = await paginate(qb, 's', { name: 'NAME', expr: 'lower(s.name)', type: 'text' }, false, args);
    page.nodes.forEach((s) => ctx.loaders.supplier.prime(s.id, s));
    return page;
  },

  create(ctx: RequestContext, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const data = await validateInput(CreateSupplierInput, input);
      return { supplier: await em.save(em.create(Supplier, { ...data, workspaceId })) };
    });
  },

  update(ctx: RequestContext, id: string, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const supplier = await findForUpdate(em, Supplier, workspaceId, id, ['id'], 'Supplier');
      Object.assign(supplier, await validateInput(UpdateSupplierInput, input));
      return { supplier: await em.save(supplier) };
    });
  },

  /** Soft-deletes a supplier that has no purchase orders. */
  delete(ctx: RequestContext, id: string, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const supplier = await findForUpdate(em, Supplier, workspaceId, id, ['id'], 'Supplier');
      const orders = await em.count(PurchaseOrder, { where: { supplierId: supplier.id, workspaceId } });
      if (orders > 0) fail('IN_USE', `Supplier has ${orders} purchase order${orders === 1 ? '' : 's'} and cannot be deleted`, ['id']);
      await em.softRemove(supplier);
      return { supplier };
    });
  },
};
