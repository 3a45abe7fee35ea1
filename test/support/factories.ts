import { dataOf, mutate, USER_ERRORS } from './graphql';
import type { TestWorkspace } from './server';

/**
 * Small factories for the integration tests: each creates one row through the public GraphQL API
 * and fails the test loudly when the API answers with top-level errors or user errors.
 */

let seq = 0;
/** A short string unique within this test process. */
export function unique(prefix = 'x'): string {
  seq += 1;
  return `${prefix}-${seq}-${Math.random().toString(36).slice(2, 7)}`;
}

export interface ClientRow {
  id: string;
  name: string;
}

export async function createClient(ws: TestWorkspace, input: { name?: string; email?: string | null } = {}): Promise<ClientRow> {
  const p = await mutate(
    ws,
    `mutation($input: CreateClientInput!) { createClient(input: $input) { client { id name } ${USER_ERRORS} } }`,
    { input: { name: input.name ?? unique('Client'), ...(input.email !== undefined ? { email: input.email } : {}) } },
  );
  return p.client;
}

export interface StaffRow {
  id: string;
  name: string;
  email: string;
  wageRate: string;
  chargeOutRate: string;
  active: boolean;
}

export const STAFF_FIELDS = 'id name email wageRate chargeOutRate active';

export async function createStaff(
  ws: TestWorkspace,
  input: { name?: string; email?: string; wageRate?: string | number; chargeOutRate?: string | number; managerId?: string | null } = {},
): Promise<StaffRow> {
  const name = input.name ?? unique('Staff');
  const p = await mutate(
    ws,
    `mutation($input: CreateStaffInput!) { createStaff(input: $input) { staffMember { ${STAFF_FIELDS} } ${USER_ERRORS} } }`,
    {
      input: {
        name,
        email: input.email ?? `${unique('staff')}@example.com`,
        wageRate: input.wageRate ?? '30.00',
        chargeOutRate: input.chargeOutRate ?? '45.00',
        ...(input.managerId !== undefined ? { managerId: input.managerId } : {}),
      },
    },
  );
  return p.staffMember;
}

export interface JobRow {
  id: string;
  number: number;
  name: string;
  status: string;
}

export interface JobInput {
  name?: string;
  clientId?: string;
  description?: string | null;
  priority?: string;
  deadline?: string | null;
  assigneeId?: string | null;
}

/** Creates a job (and a client for it unless `clientId` is given). */
export async function createJob(ws: TestWorkspace, input: JobInput = {}): Promise<JobRow> {
  const clientId = input.clientId ?? (await createClient(ws)).id;
  const p = await mutate(
    ws,
    `mutation($input: CreateJobInput!) { createJob(input: $input) { job { id number name status } ${USER_ERRORS} } }`,
    { input: { ...input, name: input.name ?? unique('Job'), clientId } },
  );
  return p.job;
}

/** Moves a job through the given statuses in order, failing on any refusal. */
export async function walkStatuses(ws: TestWorkspace, jobId: string, statuses: string[]): Promise<void> {
  for (const status of statuses) {
    const p = await mutate(
      ws,
      `mutation($id: ID!, $s: JobStatus!) { changeJobStatus(id: $id, status: $s) { job { status } ${USER_ERRORS} } }`,
      { id: jobId, s: status },
    );
    if (p.job.status !== status) throw new Error(`Expected ${status}, got ${p.job.status}`);
  }
}

/** Paths from DRAFT to each status, along the status machine. */
export const PATH_TO: Record<string, string[]> = {
  DRAFT: [],
  AWAITING_APPROVAL: ['AWAITING_APPROVAL'],
  APPROVED: ['AWAITING_APPROVAL', 'APPROVED'],
  REJECTED: ['AWAITING_APPROVAL', 'REJECTED'],
  IN_PROGRESS: ['AWAITING_APPROVAL', 'APPROVED', 'IN_PROGRESS'],
  ON_HOLD: ['AWAITING_APPROVAL', 'APPROVED', 'ON_HOLD'],
  COMPLETED: ['AWAITING_APPROVAL', 'APPROVED', 'IN_PROGRESS', 'COMPLETED'],
  ARCHIVED: ['AWAITING_APPROVAL', 'APPROVED', 'IN_PROGRESS', 'COMPLETED', 'ARCHIVED'],
};

/** Creates a job and walks it to `status`. */
export async function createJobInStatus(ws: TestWorkspace, status: string, input: JobInput = {}): Promise<JobRow> {
  const job = await createJob(ws, input);
  await walkStatuses(ws, job.id, PATH_TO[status]);
  return { ...job, status };
}

export interface CostSetIds {
  ESTIMATE: string;
  QUOTE: string;
  ACTUAL: string;
}

/** The ids of the latest cost set of each kind of a job. */
export async function latestCostSets(ws: TestWorkspace, jobId: string): Promise<CostSetIds> {
  const d = dataOf(
    await ws.gql(`query($id: ID!) { job(id: $id) { latestEstimate { id } latestQuote { id } latestActual { id } } }`, { id: jobId }),
  );
  return { ESTIMATE: d.job.latestEstimate.id, QUOTE: d.job.latestQuote.id, ACTUAL: d.job.latestActual.id };
}

export const LINE_FIELDS =
  'id kind description quantity unitCost unitRev totalCost totalRev accountingDate staff { id } extRefs meta costSet { id }';
export const SUMMARY_FIELDS = 'summary { cost rev hours }';

export interface LineInput {
  kind: 'TIME' | 'MATERIAL' | 'ADJUSTMENT';
  description?: string;
  quantity: string | number;
  unitCost?: string | number | null;
  unitRev?: string | number | null;
  staffId?: string | null;
  accountingDate?: string | null;
  extRefs?: unknown;
  meta?: unknown;
}

/** Adds a cost line; returns `{ costLine, costSet }` of the payload. */
export async function addLine(ws: TestWorkspace, costSetId: string, input: LineInput): Promise<{ costLine: any; costSet: any }> {
  return mutate(
    ws,
    `mutation($cs: ID!, $input: CostLineInput!) {
       addCostLine(costSetId: $cs, input: $input) { costLine { ${LINE_FIELDS} } costSet { id ${SUMMARY_FIELDS} } ${USER_ERRORS} }
     }`,
    { cs: costSetId, input: { description: input.description ?? unique('line'), ...input } },
  );
}

/** A material line with the given quantity and unit prices. */
export function material(quantity: string, unitCost: string, unitRev: string, description?: string): LineInput {
  return { kind: 'MATERIAL', quantity, unitCost, unitRev, ...(description ? { description } : {}) };
}

/** Exact sum of decimal strings with `places` decimals, done in integer units (no floating point). */
export function decimalSum(values: string[], places: number): string {
  const scale = 10n ** BigInt(places);
  const toUnits = (v: string): bigint => {
    const neg = v.startsWith('-');
    const [i, f = ''] = v.replace('-', '').split('.');
    if (f.length > places) throw new Error(`${v} has more than ${places} decimals`);
    const units = BigInt(i) * scale + BigInt((f + '0'.repeat(places)).slice(0, places) || '0');
    return neg ? -units : units;
  };
  const total = values.reduce((acc, v) => acc + toUnits(v), 0n);
  const neg = total < 0n;
  const abs = neg ? -total : total;
  const int = abs / scale;
  const frac = (abs % scale).toString().padStart(places, '0');
  return `${neg ? '-' : ''}${int}${places ? '.' + frac : ''}`;
}
