import { Role } from './app';
import {
  ADD_ATTACHMENT,
  ADD_COST_LINE,
  ADD_DATE,
  CONSUME,
  CREATE_CLIENT,
  CREATE_COST_SET,
  CREATE_JOB,
  CREATE_PO,
  CREATE_PROJECT,
  CREATE_STAFF,
  CREATE_SUPPLIER,
  dataOf,
  DEACTIVATE_STAFF,
  DELETE_CLIENT,
  DELETE_JOB,
  DELETE_PROJECT,
  MOVE_JOB,
  mutate,
  PUBLISH_PROJECT,
  RECEIVE_PO,
  REMOVE_ATTACHMENT,
  SET_META,
  STOCK_FIELDS,
  SUBMIT_PO,
  type Caller,
} from './graphql';
import type { TestServer } from './server';
import { unique } from './values';

/**
 * The test context: one workspace of the running test server, with an API key of each role, and a
 * factory for every entity. Each factory creates its row through the public GraphQL API, with
 * defaults for whatever is not given, and fails the test if the API refuses. Get one with
 * `server.newWorkspace()`; a test that needs isolation makes its own.
 *
 * `gql` and the factories act with the key of `role` (ADMIN unless asked otherwise); `as(role)` is
 * the same workspace acting with another role's key.
 */
export class TestContext implements Caller {
  /** Sends a GraphQL request with this context's key (a bound function: it can be passed around). */
  readonly gql: Caller['gql'];

  /** @internal Use `server.newWorkspace()`. */
  constructor(
    private readonly server: Pick<TestServer, 'request'>,
    /** The workspace id. */
    readonly id: string,
    /** The secret of the workspace's key of each role. */
    readonly keys: Readonly<Record<Role, string>>,
    /** The role whose key `gql` and the factories use. */
    readonly role: Role = Role.ADMIN,
  ) {
    this.gql = (query, variables) => this.server.request(query, variables, `Bearer ${this.key}`);
  }

  /** The secret of the key this context acts with. */
  get key(): string {
    return this.keys[this.role];
  }

  /** The same workspace, acting with the key of `role`. */
  as(role: Role): TestContext {
    return role === this.role ? this : new TestContext(this.server, this.id, this.keys, role);
  }

  // ---------------------------------------------------------------------------------------- clients

  /** Creates a client; only the name is set unless more is given. */
  async newClient(input: ClientInput = {}, opts: FactoryOptions = {}): Promise<ClientRow> {
    const p = await mutate(this, CREATE_CLIENT, { input: { name: unique('Client'), ...input }, reason: opts.reason });
    return p.client;
  }

  /** Soft-deletes a client. */
  async deleteClient(clientId: string): Promise<void> {
    await mutate(this, DELETE_CLIENT, { id: clientId });
  }

  // ---------------------------------------------------------------------------------------- staff

  /** Creates a staff member: unique name and email, wage rate 30.00, charge-out rate 45.00 unless given. */
  async newStaff(input: StaffInput = {}, opts: FactoryOptions = {}): Promise<StaffRow> {
    const p = await mutate(this, CREATE_STAFF, {
      input: { name: unique('Staff'), email: `${unique('staff')}@example.com`, wageRate: '30.00', chargeOutRate: '45.00', ...input },
      reason: opts.reason,
    });
    return p.staffMember;
  }

  /** Deactivates a staff member. */
  async deactivateStaff(staffId: string): Promise<void> {
    await mutate(this, DEACTIVATE_STAFF, { id: staffId });
  }

  // ---------------------------------------------------------------------------------------- jobs

  /**
   * Creates a job (and a client for it unless `clientId` is given), with its rev-1 ESTIMATE, QUOTE
   * and ACTUAL cost sets; with `status`, walks it there along the status machine.
   */
  async newJob(input: JobInput = {}, opts: FactoryOptions = {}): Promise<JobRow> {
    const { status, ...fields } = input;
    const clientId = fields.clientId ?? (await this.newClient()).id;
    const p = await mutate(this, CREATE_JOB, { input: { ...fields, name: fields.name ?? unique('Job'), clientId }, reason: opts.reason });
    const { client, costSets, ...job } = p.job;
    const ids = Object.fromEntries(costSets.map((cs: { id: string; kind: string }) => [cs.kind, cs.id])) as CostSetIds;
    const row: JobRow = { ...job, clientId: client.id, costSets: ids };
    if (!status) return row;
    await this.moveJob(row.id, ...PATH_TO[status]);
    return { ...row, status };
  }

  /** Changes a job's status to each of `statuses` in turn, failing on any refusal. */
  async moveJob(jobId: string, ...statuses: string[]): Promise<void> {
    for (const status of statuses) {
      const p = await mutate(this, MOVE_JOB, { id: jobId, status });
      if (p.job.status !== status) throw new Error(`Expected ${status}, got ${p.job.status}`);
    }
  }

  /** Soft-deletes a job. */
  async deleteJob(jobId: string): Promise<void> {
    await mutate(this, DELETE_JOB, { id: jobId });
  }

  // ---------------------------------------------------------------------------------------- costing

  /** Creates a cost set (a new ESTIMATE revision of a new job unless told otherwise). */
  async newCostSet(input: CostSetInput = {}, opts: FactoryOptions = {}): Promise<CostSetRow> {
    const jobId = input.jobId ?? (await this.newJob()).id;
    const p = await mutate(this, CREATE_COST_SET, { input: { kind: 'ESTIMATE', ...input, jobId }, reason: opts.reason });
    return p.costSet;
  }

  /**
   * Adds a cost line (to the ACTUAL cost set of a new job unless `costSetId` is given) and returns
   * it with its cost set's new summary. Defaults: a MATERIAL line of 2 × 10.00 / 15.00; a TIME
   * line by a new staff member, at their rates.
   */
  async newCostLine(input: CostLineInput = {}, opts: FactoryOptions = {}): Promise<{ costLine: any; costSet: { id: string; summary: Summary } }> {
    const { costSetId, ...line } = input;
    const setId = costSetId ?? (await this.newJob()).costSets.ACTUAL;
    const kind = line.kind ?? 'MATERIAL';
    const defaults = kind === 'TIME' ? ('staffId' in line ? {} : { staffId: (await this.newStaff()).id }) : { unitCost: '10.00', unitRev: '15.00' };
    return mutate(this, ADD_COST_LINE, {
      costSetId: setId,
      input: { kind, description: unique('line'), quantity: '2', ...defaults, ...line },
      reason: opts.reason,
    });
  }

  // ---------------------------------------------------------------------------------------- purchasing

  /** Creates a supplier; only the name is set unless more is given. */
  async newSupplier(input: SupplierInput = {}, opts: FactoryOptions = {}): Promise<SupplierRow> {
    const p = await mutate(this, CREATE_SUPPLIER, { input: { name: unique('Supplier'), ...input }, reason: opts.reason });
    return p.supplier;
  }

  /**
   * Creates a DRAFT purchase order (from a new supplier unless `supplierId` is given) with the given
   * lines, each 10 × 4.50 unless told otherwise; with `submit`, submits it.
   */
  async newPurchaseOrder(input: PurchaseOrderInput = {}, opts: FactoryOptions = {}): Promise<PurchaseOrderRow> {
    const { submit, lines = [], ...header } = input;
    const supplierId = header.supplierId ?? (await this.newSupplier()).id;
    const p = await mutate(this, CREATE_PO, {
      input: { ...header, supplierId, lines: lines.map((l) => ({ description: unique('item'), quantityOrdered: '10', unitCost: '4.50', ...l })) },
      reason: opts.reason,
    });
    if (!submit) return p.purchaseOrder;
    const submitted = await mutate(this, SUBMIT_PO, { id: p.purchaseOrder.id });
    expect(submitted.purchaseOrder.status).toBe('SUBMITTED');
    return { ...p.purchaseOrder, status: 'SUBMITTED' };
  }

  /** Receives quantities of a submitted order's lines; returns the order. */
  async receive(orderId: string, lines: Array<{ lineId: string; quantity: string }>, reason?: string): Promise<PurchaseOrderRow> {
    return (await mutate(this, RECEIVE_PO, { id: orderId, lines, reason })).purchaseOrder;
  }

  /**
   * Creates a stock item the only way there is: orders it (a one-line order, submitted) and receives
   * all of it (`opts.reason` goes with the receipt). Defaults: 10 at 7.25, a unique description, no
   * item code. Returns the item with the ids of its order and order line.
   */
  async newStockItem(input: StockItemInput = {}, opts: FactoryOptions = {}): Promise<StockItemRow> {
    const description = input.description ?? unique('Stock');
    const quantity = input.quantity ?? '10';
    const order = await this.newPurchaseOrder({
      supplierId: input.supplierId,
      lines: [{ description, itemCode: input.itemCode ?? null, quantityOrdered: quantity, unitCost: input.unitCost ?? '7.25' }],
      submit: true,
    });
    const lineId = order.lines[0].id;
    await this.receive(order.id, [{ lineId, quantity }], opts.reason);
    const items = dataOf(await this.gql(`query($q: String) { stockItems(first: 100, filter: { search: $q }) { nodes { ${STOCK_FIELDS} } } }`, { q: description })).stockItems.nodes;
    const item = items.find((i: any) => i.sourcePurchaseOrderLine?.id === lineId);
    if (!item) throw new Error(`No stock item received from line ${lineId}`);
    return { ...item, orderId: order.id, lineId };
  }

  /** Takes stock onto a job's latest ACTUAL cost set; returns `{ costLine, costSet }` of the payload. */
  async consumeStock(jobId: string, stockItemId: string, quantity: string, extra: { accountingDate?: string; reason?: string } = {}): Promise<{ costLine: any; costSet: any }> {
    return mutate(this, CONSUME, { jobId, stockItemId, quantity, ...extra });
  }

  // ---------------------------------------------------------------------------------------- projects

  /**
   * Creates a draft project (and an owner for it unless `ownerId` is given): a SCHOOL project with
   * course details unless `kind: 'SELF_STUDY'` (or explicit `school`/`selfStudy` details) is given;
   * 2026-02-01 to 2026-06-30 unless told otherwise. With `publish`, publishes it.
   */
  async newProject(input: ProjectInput = {}, opts: FactoryOptions = {}): Promise<ProjectRow> {
    const { kind = input.selfStudy ? 'SELF_STUDY' : 'SCHOOL', publish, ...fields } = input;
    const ownerId = fields.ownerId ?? (await this.newStaff()).id;
    const details =
      fields.school || fields.selfStudy
        ? {}
        : kind === 'SCHOOL'
          ? { school: { courseName: unique('Course'), courseCode: 'C-101', teacherName: 'Ms Teacher' } }
          : { selfStudy: { goalDescription: unique('Goal'), studyFrequency: 'weekly' } };
    const p = await mutate(this, CREATE_PROJECT, {
      input: { name: unique('Project'), startDate: '2026-02-01', endDate: '2026-06-30', ...details, ...fields, ownerId },
      reason: opts.reason,
    });
    if (!publish) return p.project;
    return (await mutate(this, PUBLISH_PROJECT, { id: p.project.id })).project;
  }

  /**
   * A project with one of everything: the metadata entry "syllabus", an important date, a live
   * attachment and a removed one. Returns the project and the ids of its parts.
   */
  async newProjectWithParts(input: ProjectInput = {}): Promise<{ project: ProjectRow; dateId: string; attachmentId: string; removedAttachmentId: string }> {
    const project = await this.newProject(input);
    await this.setProjectMeta(project.id, 'syllabus', { weeks: 10 });
    const date = await this.newImportantDate(project.id);
    const attachment = await this.newAttachment(project.id);
    const removed = await this.newAttachment(project.id);
    await this.removeAttachment(removed.id);
    return { project, dateId: date.id, attachmentId: attachment.id, removedAttachmentId: removed.id };
  }

  /** Sets a metadata entry of a project; returns the entry. */
  async setProjectMeta(projectId: string, key: string, value: unknown): Promise<{ id: string; key: string; value: unknown }> {
    return (await mutate(this, SET_META, { projectId, key, value })).meta;
  }

  /** Adds an important date (title and date unique-ish unless given). */
  async newImportantDate(projectId: string, input: { title?: string; date?: string; note?: string | null } = {}): Promise<{ id: string; title: string; date: string }> {
    return (await mutate(this, ADD_DATE, { projectId, input: { title: unique('Date'), date: '2026-03-15', ...input } })).importantDate;
  }

  /** Adds an attachment's metadata (a 1,024-byte PDF with a fixed checksum unless given). */
  async newAttachment(projectId: string, input: Partial<AttachmentInput> = {}): Promise<{ id: string } & Record<string, any>> {
    const fileName = input.fileName ?? `${unique('file')}.pdf`;
    return (
      await mutate(this, ADD_ATTACHMENT, {
        projectId,
        input: { fileName, contentType: 'application/pdf', size: 1024, storageKey: `uploads/${fileName}`, checksum: 'ab'.repeat(32), ...input },
      })
    ).attachment;
  }

  /** Soft-deletes an attachment. */
  async removeAttachment(attachmentId: string): Promise<void> {
    await mutate(this, REMOVE_ATTACHMENT, { id: attachmentId });
  }

  /** Soft-deletes a project. */
  async deleteProject(projectId: string): Promise<void> {
    await mutate(this, DELETE_PROJECT, { id: projectId });
  }
}

// ------------------------------------------------------------------------------------------ types

/** Options every factory takes. */
export interface FactoryOptions {
  /** The reason recorded in the history of the writes. */
  reason?: string;
}

export type CostSetKind = 'ESTIMATE' | 'QUOTE' | 'ACTUAL';
export type CostSetIds = Record<CostSetKind, string>;
export type Summary = { cost: string; rev: string; hours: string };

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

export interface ClientInput {
  name?: string;
  email?: string | null;
  phone?: string | null;
  notes?: string | null;
}

export interface ClientRow {
  id: string;
  name: string;
  email: string | null;
}

export interface StaffInput {
  name?: string;
  email?: string;
  wageRate?: string | number;
  chargeOutRate?: string | number;
  managerId?: string | null;
}

export interface StaffRow {
  id: string;
  name: string;
  email: string;
  wageRate: string;
  chargeOutRate: string;
  active: boolean;
}

export interface JobInput {
  name?: string;
  clientId?: string;
  description?: string | null;
  priority?: string;
  deadline?: string | null;
  assigneeId?: string | null;
  /** Not an input of createJob: the status to walk the new job to (a key of `PATH_TO`). */
  status?: string;
}

export interface JobRow {
  id: string;
  number: number;
  name: string;
  status: string;
  priority: string;
  clientId: string;
  /** The ids of the job's rev-1 cost sets. */
  costSets: CostSetIds;
}

export interface CostSetInput {
  jobId?: string;
  kind?: CostSetKind;
  copyFromId?: string;
  lines?: Array<Record<string, unknown>>;
}

export interface CostSetRow {
  id: string;
  kind: CostSetKind;
  rev: number;
  summary: Summary;
  costLines: Array<{ id: string }>;
}

export interface CostLineInput {
  costSetId?: string;
  kind?: 'TIME' | 'MATERIAL' | 'ADJUSTMENT';
  description?: string;
  quantity?: string | number;
  unitCost?: string | number | null;
  unitRev?: string | number | null;
  staffId?: string | null;
  accountingDate?: string | null;
  extRefs?: unknown;
  meta?: unknown;
}

export interface SupplierInput {
  name?: string;
  email?: string | null;
  phone?: string | null;
  accountRef?: string | null;
}

export interface SupplierRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  accountRef: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PurchaseOrderLineInput {
  description?: string;
  itemCode?: string | null;
  quantityOrdered?: string;
  unitCost?: string;
  jobId?: string | null;
}

export interface PurchaseOrderInput {
  supplierId?: string;
  orderDate?: string;
  expectedDate?: string;
  reference?: string;
  lines?: PurchaseOrderLineInput[];
  /** Not an input of createPurchaseOrder: submit the new order. */
  submit?: boolean;
}

/** A purchase order as the `PO_FIELDS` fragment reads it. */
export type PurchaseOrderRow = { id: string; number: number; status: string; lines: Array<{ id: string } & Record<string, any>> } & Record<string, any>;

export interface StockItemInput {
  quantity?: string;
  unitCost?: string;
  description?: string;
  itemCode?: string | null;
  supplierId?: string;
}

export interface ProjectInput {
  name?: string;
  ownerId?: string;
  startDate?: string;
  endDate?: string;
  description?: string | null;
  school?: { courseName?: string; courseCode?: string; teacherName?: string } | null;
  selfStudy?: { goalDescription?: string; studyFrequency?: string } | null;
  /** Not an input of createProject: the kind of default details to give (SCHOOL unless told). */
  kind?: 'SCHOOL' | 'SELF_STUDY';
  /** Not an input of createProject: publish the new project. */
  publish?: boolean;
}

/** A project as the `PROJECT_FIELDS` fragment reads it. */
export type ProjectRow = { id: string; kind: 'SCHOOL' | 'SELF_STUDY'; name: string; draft: boolean; owner: { id: string } } & Record<string, any>;

export interface AttachmentInput {
  fileName: string;
  contentType: string;
  size: number;
  storageKey: string;
  checksum: string;
}

/** A stock item as the `STOCK_FIELDS` fragment reads it, with the order and line it was received from. */
export type StockItemRow = { id: string; orderId: string; lineId: string } & Record<string, any>;
