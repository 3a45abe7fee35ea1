import type { EntityManager } from 'typeorm';
import { findForUpdate } from '../../db/find';
import type { RequestContext } from '../../graphql/context';
import { fail, UserErrorsException } from '../../graphql/errors';
import { isUuid } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { validateInput } from '../../graphql/validation';
import { auditedUpdateRows } from '../../audit/bulk';
import { historyService } from '../../audit/history.service';
import type { CostLineDraft } from './cost-line.rules';
import { Job } from '../jobs/job.entity';
import { CostLine } from './cost-line.entity';
import { resolveCostLine } from './cost-line.rules';
import { CostSetKind } from './cost-kinds';
import { CostSet } from './cost-set.entity';
import { CostLineInput, CreateCostSetInput, UpdateCostLineInput } from './costing.inputs';
import { money, quantity } from './money';

/**
 * Sets a cost set's summary to the sums over its lines, in one statement that also writes its history
 * (same transaction as the line change). A summary that did not change is left alone.
 */
export async function refreshSummary(em: EntityManager, costSet: CostSet): Promise<CostSet> {
  const [row] = await auditedUpdateRows(em, CostSet, {
    from: `(SELECT COALESCE(SUM(total_cost), 0) AS cost, COALESCE(SUM(total_rev), 0) AS rev,
                   COALESCE(SUM(quantity) FILTER (WHERE kind = 'TIME'), 0) AS hours
              FROM cost_lines WHERE cost_set_id = $1) s`,
    set: 'summary_cost = s.cost, summary_rev = s.rev, summary_hours = s.hours',
    where: 't.id = $1 AND (t.summary_cost, t.summary_rev, t.summary_hours) IS DISTINCT FROM (s.cost, s.rev, s.hours)',
    params: [costSet.id],
  });
  if (row) {
    costSet.summaryCost = money(row.summary_cost as string);
    costSet.summaryRev = money(row.summary_rev as string);
    costSet.summaryHours = quantity(row.summary_hours as string);
    costSet.updatedAt = row.updated_at as Date;
  }
  return costSet;
}

/**
 * Share-locks a cost set's job, then locks the cost set, so concurrent line changes serialise on it and
 * a concurrent deleteJob waits and then sees the new costs; a deleted job's cost sets are not found.
 * Every path locks a job before its cost sets (createCostSet and deleteJob lock the job first too).
 */
async function lockCostSet(em: EntityManager, workspaceId: string, id: string, path: string[]): Promise<CostSet> {
  const found = isUuid(id) ? await em.findOneBy(CostSet, { id, workspaceId }) : null;
  const job = found && (await em.findOne(Job, { where: { id: found.jobId, workspaceId }, lock: { mode: 'pessimistic_read' } }));
  if (!found || !job) fail('NOT_FOUND', `Cost set ${id} was not found`, path);
  return findForUpdate(em, CostSet, workspaceId, id, path, 'Cost set');
}

/**
 * Adds a line to a job's latest ACTUAL cost set (locking it as every line change does) and refreshes
 * its summary: how received goods and consumed stock reach a job's costs. Fails with NOT_FOUND at
 * `paths.job` when the job does not exist (or is deleted); problems with the line are reported under `paths.line`.
 */
export async function bookOnLatestActual(
  em: EntityManager,
  workspaceId: string,
  jobId: string,
  paths: { job: string[]; line: string[] },
  draft: CostLineDraft,
  extra: Partial<Pick<CostLine, 'stockItemId'>> = {},
  /** Runs once the cost set is locked and before the line is written (e.g. taking the stock). */
  beforeWrite?: () => Promise<void>,
): Promise<{ costLine: CostLine; costSet: CostSet }> {
  const latest = isUuid(jobId)
    ? await em
        .createQueryBuilder(CostSet, 'cs')
        .innerJoin(Job, 'j', 'j.id = cs.job_id AND j.deleted_at IS NULL')
        .where('cs.workspace_id = :ws AND cs.job_id = :jobId AND cs.kind = :kind', { ws: workspaceId, jobId, kind: CostSetKind.ACTUAL })
        .orderBy('cs.rev', 'DESC')
        .getOne()
    : null;
  if (!latest) fail('NOT_FOUND', `Job ${jobId} was not found`, paths.job);
  const costSet = await lockCostSet(em, workspaceId, latest.id, paths.job);
  const fields = await resolveCostLine(em, workspaceId, draft, paths.line);
  await beforeWrite?.();
  const costLine = await em.save(em.create(CostLine, { ...fields, ...extra, workspaceId, costSetId: costSet.id }));
  return { costLine, costSet: await refreshSummary(em, costSet) };
}

/**
 * Locks a cost line and its cost set (cost set first, as every line change does, so they never deadlock).
 * `path` names the argument that holds the line's id, for NOT_FOUND errors.
 */
export async function lockLine(em: EntityManager, workspaceId: string, id: string, path: string[] = ['id']): Promise<{ line: CostLine; costSet: CostSet }> {
  const found = isUuid(id) ? await em.findOneBy(CostLine, { id, workspaceId }) : null;
  if (!found) fail('NOT_FOUND', `Cost line ${id} was not found`, path);
  const costSet = await lockCostSet(em, workspaceId, found.costSetId, path);
  const line = await findForUpdate(em, CostLine, workspaceId, id, path, 'Cost line');
  return { line, costSet };
}

/** Cost sets and cost lines: the revisions of a job's costs. */
export const costingService = {
  async getCostSet(ctx: RequestContext, id: string): Promise<CostSet | null> {
    const costSet = await ctx.loaders.costSet.load(id);
    if (!costSet) return null;
    const job = await ctx.loaders.job.load(costSet.jobId);
    return job && !job.deletedAt ? costSet : null;
  },

  async getCostLine(ctx: RequestContext, id: string): Promise<CostLine | null> {
    const line = await ctx.loaders.costLine.load(id);
    return line && (await this.getCostSet(ctx, line.costSetId)) ? line : null;
  },

  /** Creates the next revision of one kind, copying `copyFromId`'s lines and adding `lines`; all or nothing. */
  createCostSet(ctx: RequestContext, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const data = await validateInput(CreateCostSetInput, input);
      const job = await findForUpdate(em, Job, workspaceId, data.jobId, ['input', 'jobId'], 'Job');
      const [{ max }]: Array<{ max: number | null }> = await em.query(
        'SELECT max(rev) AS max FROM cost_sets WHERE job_id = $1 AND kind = $2',
        [job.id, data.kind],
      );
      const costSet = await em.save(
        em.create(CostSet, { workspaceId, jobId: job.id, kind: data.kind, rev: (max ?? 0) + 1, summaryCost: '0.00', summaryRev: '0.00', summaryHours: '0.000' }),
      );
      if (data.copyFromId) {
        const source = isUuid(data.copyFromId) ? await em.findOneBy(CostSet, { id: data.copyFromId, workspaceId, jobId: job.id }) : null;
        if (!source) fail('NOT_FOUND', `Cost set ${data.copyFromId} was not found on this job`, ['input', 'copyFromId']);
        // Stock links follow the live consumption: a new ACTUAL revision takes them over from the lines it
        // copies (an audited change to those lines), so stock is returned from the revision that counts, and
        // once only. Copies into an estimate or a quote are plans, not consumptions, and carry no link.
        const movesStock = data.kind === CostSetKind.ACTUAL;
        if (movesStock) await lockCostSet(em, workspaceId, source.id, ['input', 'copyFromId']);
        const lines = await em.find(CostLine, { where: { costSetId: source.id }, order: { createdAt: 'ASC', id: 'ASC' } });
        for (const line of lines) {
          const { id: _id, createdAt: _c, updatedAt: _u, costSetId: _s, ...copy } = line;
          await em.save(em.create(CostLine, { ...copy, stockItemId: movesStock ? line.stockItemId : null, costSetId: costSet.id }));
          if (movesStock && line.stockItemId) {
            line.stockItemId = null;
            await em.save(line);
          }
        }
      }
      const errors = [];
      const resolved = [];
      for (const [i, line] of (data.lines ?? []).entries()) {
        try {
          resolved.push(await resolveCostLine(em, workspaceId, line, ['input', 'lines', String(i)]));
        } catch (err) {
          if (!(err instanceof UserErrorsException)) throw err;
          errors.push(...err.errors);
        }
      }
      if (errors.length) throw new UserErrorsException(errors);
      for (const line of resolved) await em.save(em.create(CostLine, { ...line, workspaceId, costSetId: costSet.id }));
      return { costSet: await refreshSummary(em, costSet) };
    });
  },

  addCostLine(ctx: RequestContext, costSetId: string, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const costSet = await lockCostSet(em, workspaceId, costSetId, ['costSetId']);
      const data = await validateInput(CostLineInput, input);
      const fields = await resolveCostLine(em, workspaceId, data, ['input']);
      const costLine = await em.save(em.create(CostLine, { ...fields, workspaceId, costSetId: costSet.id }));
      return { costLine, costSet: await refreshSummary(em, costSet) };
    });
  },

  updateCostLine(ctx: RequestContext, id: string, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const { line, costSet } = await lockLine(em, workspaceId, id);
      const data = await validateInput(UpdateCostLineInput, input);
      if (line.stockItemId && (data.quantity !== undefined || data.unitCost !== undefined)) {
        fail('VALIDATION', 'This line was taken from stock: change its quantity with returnStock or consumeStock', ['input', data.quantity !== undefined ? 'quantity' : 'unitCost']);
      }
      // A changed staff member on a TIME line brings their rates unless prices are given too.
      const staffChanged = data.staffId !== undefined && data.staffId !== line.staffId;
      const keepRates = !(staffChanged && line.kind === 'TIME');
      const fields = await resolveCostLine(
        em,
        workspaceId,
        {
          ...line,
          ...data,
          unitCost: data.unitCost ?? (keepRates ? line.unitCost : null),
          unitRev: data.unitRev ?? (keepRates ? line.unitRev : null),
        },
        ['input'],
      );
      Object.assign(line, fields);
      const costLine = await em.save(line);
      return { costLine, costSet: await refreshSummary(em, costSet) };
    });
  },

  deleteCostLine(ctx: RequestContext, id: string, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const { line, costSet } = await lockLine(em, workspaceId, id);
      if (line.stockItemId) fail('VALIDATION', 'This line was taken from stock: remove it with returnStock, which puts the stock back', ['id']);
      await em.remove(line);
      line.id = id;
      return { costLine: line, costSet: await refreshSummary(em, costSet) };
    });
  },

  /** Restores a cost line's fields as they were at `toVersion`, totals recomputed, as a new audited change. */
  revertCostLine(ctx: RequestContext, id: string, toVersion: number, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const { line, costSet } = await lockLine(em, workspaceId, id);
      if (line.stockItemId) fail('VALIDATION', 'This line was taken from stock: use returnStock or consumeStock to change it', ['id']);
      const record = await historyService.version(em, workspaceId, 'COST_LINE', line.id, toVersion);
      if (!record || record.type === 'DELETE') fail('NOT_FOUND', `Cost line ${id} has no version ${toVersion}`, ['toVersion']);
      const fields = await resolveCostLine(em, workspaceId, { ...(record.snapshot as unknown as CostLineDraft), kind: line.kind }, ['toVersion']);
      Object.assign(line, fields);
      const costLine = await em.save(line);
      return { costLine, costSet: await refreshSummary(em, costSet) };
    });
  },
};
