import type { EntityManager } from 'typeorm';
import { findForUpdate } from '../../db/find';
import { likePattern } from '../../db/like';
import { session, type RequestContext } from '../../graphql/context';
import { fail } from '../../graphql/errors';
import type { StaffFilter, StaffOrder } from '../../graphql/generated';
import { isUuid } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { paginate, type PageArgs, type SortKey } from '../../graphql/pagination';
import { validateInput } from '../../graphql/validation';
import { money } from '../costing/money';
import { Staff } from './staff.entity';
import { CreateStaffInput, UpdateStaffInput } from './staff.inputs';

const SORTS: Record<string, SortKey> = {
  NAME: { name: 'NAME', expr: 'lower(s.name)', type: 'text' },
  CREATED_AT: { name: 'CREATED_AT', expr: 's.created_at', type: 'timestamptz' },
};

async function assertEmailFree(em: EntityManager, workspaceId: string, email: string, exceptId?: string): Promise<void> {
  const other = await em.findOne(Staff, { where: { workspaceId, email }, select: { id: true } });
  if (other && other.id !== exceptId) fail('CONFLICT', `Another staff member already has the email ${email}`, ['input', 'email']);
}

/**
 * Checks a new manager: exists in the workspace, is active, and is neither the staff member nor
 * anyone below them. Serialised per workspace so two concurrent changes cannot form a cycle.
 */
async function checkManager(em: EntityManager, workspaceId: string, managerId: string, staffId?: string): Promise<void> {
  const path = ['input', 'managerId'];
  await em.query("SELECT pg_advisory_xact_lock(hashtext('staff-hierarchy:' || $1))", [workspaceId]);
  const manager = isUuid(managerId) ? await em.findOneBy(Staff, { id: managerId, workspaceId }) : null;
  if (!manager) fail('NOT_FOUND', `Staff member ${managerId} was not found`, path);
  if (!manager.active) fail('VALIDATION', `${manager.name} is deactivated and cannot be a manager`, path);
  if (!staffId) return;
  if (managerId === staffId) fail('VALIDATION', 'A staff member cannot be their own manager', path);
  const loop: unknown[] = await em.query(
    `WITH RECURSIVE chain(id, manager_id) AS (
       SELECT id, manager_id FROM staff WHERE id = $1 AND workspace_id = $2
       UNION ALL
       SELECT s.id, s.manager_id FROM staff s JOIN chain c ON s.id = c.manager_id WHERE s.workspace_id = $2
     ) CYCLE id SET is_cycle USING visited
     SELECT 1 FROM chain WHERE id = $3 LIMIT 1`,
    [managerId, workspaceId, staffId],
  );
  if (loop.length > 0) fail('VALIDATION', `${manager.name} reports to this staff member, so cannot be their manager`, path);
}

/** Staff: people who log time, with their rates and reporting lines. */
export const staffService = {
  get(ctx: RequestContext, id: string): Promise<Staff | null> {
    return ctx.loaders.staff.load(id);
  },

  async list(ctx: RequestContext, args: PageArgs & { filter?: StaffFilter | null; orderBy?: StaffOrder | null }) {
    const { workspaceId } = session(ctx);
    const qb = ctx.db.getRepository(Staff).createQueryBuilder('s').where('s.workspace_id = :ws', { ws: workspaceId });
    const { search, active, managerId } = args.filter ?? {};
    if (search?.trim()) qb.andWhere('(s.name ILIKE :q OR s.email ILIKE :q)', { q: likePattern(search.trim()) });
    if (active != null) qb.andWhere('s.active = :active', { active });
    if (managerId != null) qb.andWhere(isUuid(managerId) ? 's.manager_id = :managerId' : 'false', { managerId });
    const order = args.orderBy ?? { field: 'NAME', direction: 'ASC' };
    const page = await paginate(qb, 's', SORTS[order.field], order.direction === 'DESC', args);
    page.nodes.forEach((s) => ctx.loaders.staff.prime(s.id, s));
    return page;
  },

  create(ctx: RequestContext, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const data = await validateInput(CreateStaffInput, input);
      await assertEmailFree(em, workspaceId, data.email);
      if (data.managerId) await checkManager(em, workspaceId, data.managerId);
      const staffMember = await em.save(
        em.create(Staff, {
          ...data,
          managerId: data.managerId ?? null,
          wageRate: money(data.wageRate),
          chargeOutRate: money(data.chargeOutRate),
          workspaceId,
          active: true,
        }),
      );
      return { staffMember };
    });
  },

  update(ctx: RequestContext, id: string, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const staff = await findForUpdate(em, Staff, workspaceId, id, ['id'], 'Staff member');
      const data = await validateInput(UpdateStaffInput, input);
      if (data.email !== undefined) await assertEmailFree(em, workspaceId, data.email, staff.id);
      if (data.managerId) await checkManager(em, workspaceId, data.managerId, staff.id);
      Object.assign(staff, data);
      if (data.wageRate !== undefined) staff.wageRate = money(data.wageRate);
      if (data.chargeOutRate !== undefined) staff.chargeOutRate = money(data.chargeOutRate);
      return { staffMember: await em.save(staff) };
    });
  },

  deactivate(ctx: RequestContext, id: string, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const staff = await findForUpdate(em, Staff, workspaceId, id, ['id'], 'Staff member');
      staff.active = false;
      return { staffMember: await em.save(staff) };
    });
  },
};
