import { auditedInsert, auditedUpdateRows } from '../../audit/bulk';
import { historyService } from '../../audit/history.service';
import { findForUpdate, lockWithParent } from '../../db/find';
import { touchCache, workspaceOf, type RequestContext } from '../../graphql/context';
import type * as gql from '../../graphql/generated';
import { fail, UserErrorsException, type UserError } from '../../kernel/errors';
import { isUuid } from '../../kernel/ids';
import { money, quantity } from '../../kernel/money';
import { validateInput } from '../../kernel/validation';
import { Job, jobService } from '../jobs';
import { staffService } from '../staff';
import { CostSetKind } from './cost-kinds';
import { CostLine } from './cost-line.entity';
import { applyCostLineRules, type CostLineDraft, type CostLineFields } from './cost-line.rules';
import { CostSet } from './cost-set.entity';
import { CostLineInput, CreateCostSetInput, UpdateCostLineInput } from './costing.inputs';
import { COST_SUMMARY_CACHE, costingLoaders } from './costing.loaders';

/** A line change's result: the line and its cost set with the refreshed summary. */
export interface LineChange {
  costLine: CostLine;
  costSet: CostSet;
}

/** Options of the line changes other modules make. */
export interface LineOptions {
  /** Where the line's problems are reported (default `['input']`). */
  path?: string[];
  /** The change is a stock movement (by the stock module), which may change a line taken from stock. */
  stockMovement?: boolean;
}

const EMPTY_SUMMARY = { summaryCost: '0.00', summaryRev: '0.00', summaryHours: '0.000' };

/** Applies the cost line rules, with the rates of the staff member the draft names. */
async function resolveLine(ctx: RequestContext, draft: CostLineDraft, path: string[]): Promise<CostLineFields> {
  const staff = draft.staffId ? await staffService.find(ctx, draft.staffId) : undefined;
  return applyCostLineRules(draft, staff, path);
}

/**
 * Sets a cost set's summary to the sums over its lines, in one statement that also writes its history
 * (same transaction as the line change). A summary that did not change is left alone.
 */
async function refreshSummary(ctx: RequestContext, costSet: CostSet): Promise<CostSet> {
  touchCache(ctx, COST_SUMMARY_CACHE, costSet.jobId);
  const [row] = await auditedUpdateRows(ctx.em, CostSet, {
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
async function lockCostSet(ctx: RequestContext, id: string, path: string[]): Promise<CostSet> {
  const workspaceId = workspaceOf(ctx);
  // One statement finds the cost set's live job and share-locks it; then the cost set itself.
  const job = isUuid(id)
    ? await ctx.em.query('SELECT j.id FROM cost_sets cs JOIN jobs j ON j.id = cs.job_id AND j.deleted_at IS NULL WHERE cs.id = $1 AND cs.workspace_id = $2 FOR SHARE OF j', [
        id,
        workspaceId,
      ])
    : [];
  if (job.length === 0) fail('NOT_FOUND', `Cost set ${id} was not found`, path);
  return findForUpdate(ctx.em, CostSet, workspaceId, id, { path, what: 'Cost set' });
}

/** Saves a new line on a (locked) cost set and refreshes its summary. */
async function saveLine(ctx: RequestContext, costSet: CostSet, fields: CostLineFields, extra: Partial<Pick<CostLine, 'stockItemId'>> = {}): Promise<LineChange> {
  const costLine = await auditedInsert(ctx.em, CostLine, { ...fields, ...extra, workspaceId: costSet.workspaceId, costSetId: costSet.id });
  return { costLine, costSet: await refreshSummary(ctx, costSet) };
}

/** Cost sets and cost lines: the revisions of a job's costs. */
export const costingService = {
  async getCostSet(ctx: RequestContext, id: string): Promise<CostSet | null> {
    const costSet = await ctx.loaders.get(costingLoaders).costSet.load(id);
    return costSet && (await jobService.get(ctx, costSet.jobId)) ? costSet : null;
  },

  async getCostLine(ctx: RequestContext, id: string): Promise<CostLine | null> {
    const line = await ctx.loaders.get(costingLoaders).costLine.load(id);
    return line && (await this.getCostSet(ctx, line.costSetId)) ? line : null;
  },

  /** The first, empty revision of each kind for a new job. */
  async createFirstCostSets(ctx: RequestContext, job: Job): Promise<void> {
    touchCache(ctx, COST_SUMMARY_CACHE, job.id);
    for (const kind of Object.values(CostSetKind)) {
      await ctx.em.save(ctx.em.create(CostSet, { workspaceId: job.workspaceId, jobId: job.id, kind, rev: 1, ...EMPTY_SUMMARY }));
    }
  },

  /** Refuses (NOT_DELETABLE) when any ACTUAL revision of the job has costs or revenue. */
  async assertNoActualCosts(ctx: RequestContext, job: Job): Promise<void> {
    const costed = await ctx.em
      .createQueryBuilder(CostSet, 'cs')
      .where('cs.job_id = :id AND cs.kind = :kind', { id: job.id, kind: CostSetKind.ACTUAL })
      .andWhere('(cs.summary_cost > 0 OR cs.summary_rev > 0)')
      .getExists();
    if (costed) fail('NOT_DELETABLE', 'A job with actual costs or revenue cannot be deleted', ['id']);
  },

  /** Creates the next revision of one kind, copying `copyFromId`'s lines and adding `lines`; all or nothing. */
  async createCostSet(ctx: RequestContext, input: gql.CreateCostSetInput): Promise<CostSet> {
    const workspaceId = workspaceOf(ctx);
    const data = await validateInput(CreateCostSetInput, input);
    const job = await jobService.lock(ctx, data.jobId, ['input', 'jobId']);
    const [{ max }]: Array<{ max: number | null }> = await ctx.em.query('SELECT max(rev) AS max FROM cost_sets WHERE job_id = $1 AND kind = $2', [job.id, data.kind]);
    const costSet = await ctx.em.save(ctx.em.create(CostSet, { workspaceId, jobId: job.id, kind: data.kind, rev: (max ?? 0) + 1, ...EMPTY_SUMMARY }));
    if (data.copyFromId) {
      const source = isUuid(data.copyFromId) ? await ctx.em.findOneBy(CostSet, { id: data.copyFromId, workspaceId, jobId: job.id }) : null;
      if (!source) fail('NOT_FOUND', `Cost set ${data.copyFromId} was not found on this job`, ['input', 'copyFromId']);
      // Stock links follow the live consumption: a new ACTUAL revision takes them over from the lines it
      // copies (an audited change to those lines), so stock is returned from the revision that counts, and
      // once only. Copies into an estimate or a quote are plans, not consumptions, and carry no link.
      const movesStock = data.kind === CostSetKind.ACTUAL;
      if (movesStock) await lockCostSet(ctx, source.id, ['input', 'copyFromId']);
      const lines = await ctx.em.find(CostLine, { where: { costSetId: source.id }, order: { createdAt: 'ASC', id: 'ASC' } });
      for (const line of lines) {
        const { id: _id, createdAt: _c, updatedAt: _u, costSetId: _s, ...copy } = line;
        await ctx.em.save(ctx.em.create(CostLine, { ...copy, stockItemId: movesStock ? line.stockItemId : null, costSetId: costSet.id }));
        if (movesStock && line.stockItemId) {
          line.stockItemId = null;
          await ctx.em.save(line);
        }
      }
    }
    const errors: UserError[] = [];
    const resolved: CostLineFields[] = [];
    for (const [i, line] of (data.lines ?? []).entries()) {
      try {
        resolved.push(await resolveLine(ctx, line, ['input', 'lines', String(i)]));
      } catch (err) {
        if (!(err instanceof UserErrorsException)) throw err;
        errors.push(...err.errors);
      }
    }
    if (errors.length) throw new UserErrorsException(errors);
    for (const line of resolved) await ctx.em.save(ctx.em.create(CostLine, { ...line, workspaceId, costSetId: costSet.id }));
    return refreshSummary(ctx, costSet);
  },

  async addLine(ctx: RequestContext, costSetId: string, input: gql.CostLineInput): Promise<LineChange> {
    const costSet = await lockCostSet(ctx, costSetId, ['costSetId']);
    const data = await validateInput(CostLineInput, input);
    return saveLine(ctx, costSet, await resolveLine(ctx, data, ['input']));
  },

  /**
   * Adds a line to a job's latest ACTUAL cost set (locked as every line change is): how received
   * goods and consumed stock reach a job's costs. NOT_FOUND at `paths.job` when the job does not
   * exist (or is deleted); the line's problems are reported under `paths.line`. `beforeWrite` runs
   * once the cost set is locked and the line is valid, before it is written (e.g. taking the stock).
   */
  async addToLatestActual(
    ctx: RequestContext,
    jobId: string,
    draft: CostLineDraft,
    opts: { paths: { job: string[]; line: string[] }; stockItemId?: string; beforeWrite?: () => Promise<void> },
  ): Promise<LineChange> {
    const workspaceId = workspaceOf(ctx);
    const latest = isUuid(jobId)
      ? await ctx.em
          .createQueryBuilder(CostSet, 'cs')
          .innerJoin(Job, 'j', 'j.id = cs.job_id AND j.deleted_at IS NULL')
          .where('cs.workspace_id = :ws AND cs.job_id = :jobId AND cs.kind = :kind', { ws: workspaceId, jobId, kind: CostSetKind.ACTUAL })
          .orderBy('cs.rev', 'DESC')
          .getOne()
      : null;
    if (!latest) fail('NOT_FOUND', `Job ${jobId} was not found`, opts.paths.job);
    const costSet = await lockCostSet(ctx, latest.id, opts.paths.job);
    const fields = await resolveLine(ctx, draft, opts.paths.line);
    await opts.beforeWrite?.();
    return saveLine(ctx, costSet, fields, opts.stockItemId ? { stockItemId: opts.stockItemId } : {});
  },

  /**
   * Locks a cost line and its cost set (cost set first, as every line change does, so they never deadlock).
   * `path` names the argument that holds the line's id, for NOT_FOUND errors.
   */
  async lockLine(ctx: RequestContext, id: string, path: string[] = ['id']): Promise<{ line: CostLine; costSet: CostSet }> {
    const { row, parent } = await lockWithParent(
      ctx.em,
      CostLine,
      workspaceOf(ctx),
      id,
      { path, what: 'Cost line' },
      (l) => l.costSetId,
      (costSetId) => lockCostSet(ctx, costSetId, path),
    );
    return { line: row, costSet: parent };
  },

  async updateLine(ctx: RequestContext, id: string, input: gql.UpdateCostLineInput, opts: LineOptions = {}): Promise<LineChange> {
    const { line, costSet } = await this.lockLine(ctx, id);
    const data = await validateInput(UpdateCostLineInput, input);
    if (line.stockItemId && !opts.stockMovement && (data.quantity !== undefined || data.unitCost !== undefined)) {
      fail('VALIDATION', 'This line was taken from stock: change its quantity with returnStock or consumeStock', ['input', data.quantity !== undefined ? 'quantity' : 'unitCost']);
    }
    // A changed staff member on a TIME line brings their rates unless prices are given too.
    const staffChanged = data.staffId !== undefined && data.staffId !== line.staffId;
    const keepRates = !(staffChanged && line.kind === 'TIME');
    const draft = { ...line, ...data, unitCost: data.unitCost ?? (keepRates ? line.unitCost : null), unitRev: data.unitRev ?? (keepRates ? line.unitRev : null) };
    Object.assign(line, await resolveLine(ctx, draft, opts.path ?? ['input']));
    const costLine = await ctx.em.save(line);
    return { costLine, costSet: await refreshSummary(ctx, costSet) };
  },

  async deleteLine(ctx: RequestContext, id: string, opts: LineOptions = {}): Promise<LineChange> {
    const { line, costSet } = await this.lockLine(ctx, id);
    if (line.stockItemId && !opts.stockMovement) fail('VALIDATION', 'This line was taken from stock: remove it with returnStock, which puts the stock back', ['id']);
    await ctx.em.remove(line);
    line.id = id;
    return { costLine: line, costSet: await refreshSummary(ctx, costSet) };
  },

  /** Restores a cost line's fields as they were at `toVersion`, totals recomputed, as a new audited change. */
  async revertLine(ctx: RequestContext, id: string, toVersion: number): Promise<LineChange> {
    const { line, costSet } = await this.lockLine(ctx, id);
    if (line.stockItemId) fail('VALIDATION', 'This line was taken from stock: use returnStock or consumeStock to change it', ['id']);
    const record = await historyService.version(ctx.em, workspaceOf(ctx), 'COST_LINE', line.id, toVersion);
    if (!record || record.type === 'DELETE') fail('NOT_FOUND', `Cost line ${id} has no version ${toVersion}`, ['toVersion']);
    Object.assign(line, await resolveLine(ctx, { ...(record.snapshot as unknown as CostLineDraft), kind: line.kind }, ['toVersion']));
    const costLine = await ctx.em.save(line);
    return { costLine, costSet: await refreshSummary(ctx, costSet) };
  },
};
