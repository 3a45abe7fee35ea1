import type { EntityManager } from 'typeorm';
import { findForUpdate } from '../../db/find';
import { workspaceOf, type RequestContext } from '../../graphql/context';
import type * as gql from '../../graphql/generated';
import type { StaffFilter, StaffOrderField } from '../../graphql/generated';
import { containsText, defineList, equals, idEquals, type ListArgs } from '../../graphql/list';
import { fail } from '../../kernel/errors';
import { isUuid } from '../../kernel/ids';
import { money } from '../../kernel/money';
import { validateInput } from '../../kernel/validation';
import { Staff } from './staff.entity';
import { CreateStaffInput, UpdateStaffInput } from './staff.inputs';
import { staffLoaders } from './staff.loaders';

const STAFF = { path: ['id'], what: 'Staff member' };

const listStaff = defineList<Staff, StaffFilter, StaffOrderField>({
  entity: Staff,
  alias: 's',
  sorts: { NAME: { expr: 'lower(s.name)', type: 'text' }, CREATED_AT: { expr: 's.created_at', type: 'timestamptz' } },
  defaultOrder: { field: 'NAME', direction: 'ASC' },
  filters: { search: containsText(['s.name', 's.email']), active: equals('s.active'), managerId: idEquals('s.manager_id') },
  prime: (ctx) => ctx.loaders.get(staffLoaders).byId,
});

async function assertEmailFree(em: EntityManager, workspaceId: string, email: string, exceptId?: string): Promise<void> {
  const other = await em.findOne(Staff, { where: { workspaceId, email }, select: { id: true } });
  if (other && other.id !== exceptId) fail('CONFLICT', `Another staff member already has the email ${email}`, ['input', 'email']);
}

/** Serialises changes of the reporting lines of one workspace (held until the transaction ends). */
async function lockHierarchy(em: EntityManager, workspaceId: string): Promise<void> {
  await em.query("SELECT pg_advisory_xact_lock(hashtext('staff-hierarchy:' || $1))", [workspaceId]);
}

/**
 * Checks a new manager: exists in the workspace, is active, and is neither the staff member nor
 * anyone below them. Serialised per workspace so two concurrent changes cannot form a cycle.
 */
async function checkManager(em: EntityManager, workspaceId: string, managerId: string, staffId?: string): Promise<void> {
  const path = ['input', 'managerId'];
  await lockHierarchy(em, workspaceId);
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
    return ctx.loaders.get(staffLoaders).byId.load(id);
  },

  list(ctx: RequestContext, args: ListArgs<StaffFilter, StaffOrderField>) {
    return listStaff(ctx, args);
  },

  /**
   * A staff member who can be given work (assigned a job), or NOT_FOUND / VALIDATION at `path`:
   * exists in the workspace and is active.
   */
  async assignable(ctx: RequestContext, id: string, path: string[], work: string): Promise<Staff> {
    const staff = isUuid(id) ? await ctx.em.findOneBy(Staff, { id, workspaceId: workspaceOf(ctx) }) : null;
    if (!staff) fail('NOT_FOUND', `Staff member ${id} was not found`, path);
    if (!staff.active) fail('VALIDATION', `${staff.name} is deactivated and cannot be ${work}`, path);
    return staff;
  },

  /** A staff member of the workspace (active or not), or null. */
  async find(ctx: RequestContext, id: string): Promise<Staff | null> {
    return isUuid(id) ? ctx.em.findOneBy(Staff, { id, workspaceId: workspaceOf(ctx) }) : null;
  },

  async create(ctx: RequestContext, input: gql.CreateStaffInput): Promise<Staff> {
    const workspaceId = workspaceOf(ctx);
    const data = await validateInput(CreateStaffInput, input);
    await assertEmailFree(ctx.em, workspaceId, data.email);
    if (data.managerId) await checkManager(ctx.em, workspaceId, data.managerId);
    return ctx.em.save(
      ctx.em.create(Staff, {
        ...data,
        managerId: data.managerId ?? null,
        wageRate: money(data.wageRate),
        chargeOutRate: money(data.chargeOutRate),
        workspaceId,
        active: true,
      }),
    );
  },

  async update(ctx: RequestContext, id: string, input: gql.UpdateStaffInput): Promise<Staff> {
    const workspaceId = workspaceOf(ctx);
    // The hierarchy lock before the row lock: taken after it, A→B and B→A deadlocked (each row lock
    // blocks the other's foreign-key check) and one failed as a CONFLICT instead of as a cycle.
    if (input.managerId) await lockHierarchy(ctx.em, workspaceId);
    const staff = await findForUpdate(ctx.em, Staff, workspaceId, id, STAFF);
    const data = await validateInput(UpdateStaffInput, input);
    if (data.email !== undefined) await assertEmailFree(ctx.em, workspaceId, data.email, staff.id);
    if (data.managerId) await checkManager(ctx.em, workspaceId, data.managerId, staff.id);
    Object.assign(staff, data);
    if (data.wageRate !== undefined) staff.wageRate = money(data.wageRate);
    if (data.chargeOutRate !== undefined) staff.chargeOutRate = money(data.chargeOutRate);
    return ctx.em.save(staff);
  },

  async deactivate(ctx: RequestContext, id: string): Promise<Staff> {
    const staff = await findForUpdate(ctx.em, Staff, workspaceOf(ctx), id, STAFF);
    staff.active = false;
    return ctx.em.save(staff);
  },
};
