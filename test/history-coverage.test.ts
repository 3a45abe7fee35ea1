import { Attachment, auditedInsertRows, ImportantDate, inTransaction, ProjectMeta } from './support/app';
import type { TestContext } from './support/context';
import { AUDITED_TABLES, insertProjects } from './support/database';
import { dataOf, mutate, mutatePayload, USER_ERRORS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';
import { unique } from './support/values';

/**
 * The coverage proof of the audit history: a test-only trigger on every audited table records each
 * row change, independently of the application; every mutation of the schema is run, and each row
 * change it caused must have exactly one history record with the right actor, reason, type and
 * changed fields. A mutation added to the schema without an entry here fails the first test.
 */

/** The name of an audited table (one of `AUDITED_TABLES`). */
type AuditedTable = string;

/** Columns of a history record that are not mirrored from the audited table. */
const HISTORY_META = [
  'history_id',
  'version',
  'history_type',
  'history_date',
  'actor_type',
  'actor_id',
  'actor_label',
  'reason',
  'request_id',
  'transaction_id',
  'changed_fields',
  'prev_hash',
  'row_hash',
];

let server: TestServer;
beforeAll(async () => {
  // The test-only row-change triggers are installed with the migrations (test/support/row-changes.ts).
  server = await startTestServer();
});
afterAll(() => server.close());

// ------------------------------------------------------------------ every mutation of the schema

interface Case {
  /** Creates what the mutation needs; its writes happen before the mutation under test. */
  setup?: (ws: TestContext) => Promise<Record<string, any>>;
  /** Runs the mutation with `reason`; returns its payload. */
  run: (ws: TestContext, s: Record<string, any>, reason: string) => Promise<any>;
  /** The row changes expected, as `table:OP`, in any order. */
  touches: string[];
}

const MUTATIONS: Record<string, Case> = {
  createClient: {
    run: (ws, _s, r) =>
      mutatePayload(ws, `mutation($r: String) { createClient(input: { name: "New client", email: "a@b.test", notes: "n" }, reason: $r) { client { id } ${USER_ERRORS} } }`, { r }),
    touches: ['clients:INSERT'],
  },
  updateClient: {
    setup: async (ws) => ({ clientId: (await ws.newClient({ name: 'Before' })).id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $r: String) { updateClient(id: $id, input: { name: "After", phone: "555" }, reason: $r) { client { id } ${USER_ERRORS} } }`, {
        id: s.clientId,
        r,
      }),
    touches: ['clients:UPDATE'],
  },
  deleteClient: {
    setup: async (ws) => ({ clientId: (await ws.newClient()).id }),
    run: (ws, s, r) => mutatePayload(ws, `mutation($id: ID!, $r: String) { deleteClient(id: $id, reason: $r) { client { id } ${USER_ERRORS} } }`, { id: s.clientId, r }),
    touches: ['clients:UPDATE'],
  },
  createStaff: {
    setup: async (ws) => ({ managerId: (await ws.newStaff()).id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($i: CreateStaffInput!, $r: String) { createStaff(input: $i, reason: $r) { staffMember { id } ${USER_ERRORS} } }`, {
        i: { name: 'New staff', email: `${unique('new')}@example.com`, wageRate: '31.50', chargeOutRate: '60', managerId: s.managerId },
        r,
      }),
    touches: ['staff:INSERT'],
  },
  updateStaff: {
    setup: async (ws) => ({ staffId: (await ws.newStaff()).id, managerId: (await ws.newStaff()).id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $i: UpdateStaffInput!, $r: String) { updateStaff(id: $id, input: $i, reason: $r) { staffMember { id } ${USER_ERRORS} } }`, {
        id: s.staffId,
        i: { wageRate: '33.00', managerId: s.managerId, name: 'Renamed' },
        r,
      }),
    touches: ['staff:UPDATE'],
  },
  deactivateStaff: {
    setup: async (ws) => ({ staffId: (await ws.newStaff()).id }),
    run: (ws, s, r) => mutatePayload(ws, `mutation($id: ID!, $r: String) { deactivateStaff(id: $id, reason: $r) { staffMember { id } ${USER_ERRORS} } }`, { id: s.staffId, r }),
    touches: ['staff:UPDATE'],
  },
  createJob: {
    setup: async (ws) => ({ clientId: (await ws.newClient()).id, staffId: (await ws.newStaff()).id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($i: CreateJobInput!, $r: String) { createJob(input: $i, reason: $r) { job { id } ${USER_ERRORS} } }`, {
        i: { name: 'New job', clientId: s.clientId, assigneeId: s.staffId, priority: 'HIGH', deadline: '2027-06-30', description: 'd' },
        r,
      }),
    touches: ['jobs:INSERT', 'cost_sets:INSERT', 'cost_sets:INSERT', 'cost_sets:INSERT'],
  },
  updateJob: {
    setup: async (ws) => {
      const job = await ws.newJob();
      return { jobId: job.id, clientId: (await ws.newClient()).id, staffId: (await ws.newStaff()).id };
    },
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $i: UpdateJobInput!, $r: String) { updateJob(id: $id, input: $i, reason: $r) { job { id } ${USER_ERRORS} } }`, {
        id: s.jobId,
        i: { name: 'Updated', clientId: s.clientId, assigneeId: s.staffId, deadline: '2027-01-01' },
        r,
      }),
    touches: ['jobs:UPDATE'],
  },
  changeJobStatus: {
    setup: async (ws) => ({ jobId: (await ws.newJob()).id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $r: String) { changeJobStatus(id: $id, status: AWAITING_APPROVAL, reason: $r) { job { id } ${USER_ERRORS} } }`, { id: s.jobId, r }),
    touches: ['jobs:UPDATE'],
  },
  deleteJob: {
    setup: async (ws) => ({ jobId: (await ws.newJob()).id }),
    run: (ws, s, r) => mutatePayload(ws, `mutation($id: ID!, $r: String) { deleteJob(id: $id, reason: $r) { job { id } ${USER_ERRORS} } }`, { id: s.jobId, r }),
    touches: ['jobs:UPDATE'],
  },
  restoreJob: {
    setup: async (ws) => {
      const job = await ws.newJob();
      await ws.deleteJob(job.id);
      return { jobId: job.id };
    },
    run: (ws, s, r) => mutatePayload(ws, `mutation($id: ID!, $r: String) { restoreJob(id: $id, reason: $r) { job { id } ${USER_ERRORS} } }`, { id: s.jobId, r }),
    touches: ['jobs:UPDATE'],
  },
  createCostSet: {
    setup: async (ws) => {
      const job = await ws.newJob();
      const staffId = (await ws.newStaff()).id;
      await ws.newCostLine({ costSetId: job.costSets.ACTUAL });
      await ws.newCostLine({ costSetId: job.costSets.ACTUAL, kind: 'TIME', staffId, quantity: '1.5', unitCost: null, unitRev: null });
      return { jobId: job.id, actualId: job.costSets.ACTUAL, staffId };
    },
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($i: CreateCostSetInput!, $r: String) { createCostSet(input: $i, reason: $r) { costSet { id } ${USER_ERRORS} } }`, {
        i: {
          jobId: s.jobId,
          kind: 'ACTUAL',
          copyFromId: s.actualId,
          lines: [{ kind: 'TIME', description: 'extra hours', quantity: '2', staffId: s.staffId }],
        },
        r,
      }),
    touches: ['cost_sets:INSERT', 'cost_sets:UPDATE', 'cost_lines:INSERT', 'cost_lines:INSERT', 'cost_lines:INSERT'],
  },
  addCostLine: {
    setup: async (ws) => ({ costSetId: (await ws.newJob()).costSets.ACTUAL, staffId: (await ws.newStaff()).id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($c: ID!, $i: CostLineInput!, $r: String) { addCostLine(costSetId: $c, input: $i, reason: $r) { costLine { id } ${USER_ERRORS} } }`, {
        c: s.costSetId,
        i: { kind: 'TIME', description: 'hours', quantity: '3.25', staffId: s.staffId, extRefs: { invoice: 'X1' } },
        r,
      }),
    touches: ['cost_lines:INSERT', 'cost_sets:UPDATE'],
  },
  updateCostLine: {
    setup: async (ws) => {
      const job = await ws.newJob();
      return { lineId: (await ws.newCostLine({ costSetId: job.costSets.ACTUAL })).costLine.id };
    },
    run: (ws, s, r) =>
      mutatePayload(
        ws,
        `mutation($id: ID!, $r: String) { updateCostLine(id: $id, input: { quantity: "3", meta: { checked: true } }, reason: $r) { costLine { id } ${USER_ERRORS} } }`,
        {
          id: s.lineId,
          r,
        },
      ),
    touches: ['cost_lines:UPDATE', 'cost_sets:UPDATE'],
  },
  deleteCostLine: {
    setup: async (ws) => {
      const job = await ws.newJob();
      await ws.newCostLine({ costSetId: job.costSets.ACTUAL });
      return { lineId: (await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '7' })).costLine.id };
    },
    run: (ws, s, r) => mutatePayload(ws, `mutation($id: ID!, $r: String) { deleteCostLine(id: $id, reason: $r) { costLine { id } ${USER_ERRORS} } }`, { id: s.lineId, r }),
    touches: ['cost_lines:DELETE', 'cost_sets:UPDATE'],
  },
  revertJob: {
    setup: async (ws) => {
      const job = await ws.newJob({ description: 'original' });
      await mutate(ws, `mutation($id: ID!) { updateJob(id: $id, input: { name: "changed", description: null, priority: LOW }) { job { id } ${USER_ERRORS} } }`, { id: job.id });
      return { jobId: job.id };
    },
    run: (ws, s, r) => mutatePayload(ws, `mutation($id: ID!, $r: String) { revertJob(id: $id, toVersion: 1, reason: $r) { job { id } ${USER_ERRORS} } }`, { id: s.jobId, r }),
    touches: ['jobs:UPDATE'],
  },
  revertCostLine: {
    setup: async (ws) => {
      const job = await ws.newJob();
      const lineId = (await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '2' })).costLine.id;
      await mutate(ws, `mutation($id: ID!) { updateCostLine(id: $id, input: { quantity: "9", unitRev: "20.00" }) { costLine { id } ${USER_ERRORS} } }`, { id: lineId });
      return { lineId };
    },
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $r: String) { revertCostLine(id: $id, toVersion: 1, reason: $r) { costLine { id } ${USER_ERRORS} } }`, { id: s.lineId, r }),
    touches: ['cost_lines:UPDATE', 'cost_sets:UPDATE'],
  },
  createSupplier: {
    run: (ws, _s, r) =>
      mutatePayload(
        ws,
        `mutation($r: String) { createSupplier(input: { name: "Timber Co", email: "sales@timber.test", phone: "555 0100", accountRef: "ACC-1" }, reason: $r) { supplier { id } ${USER_ERRORS} } }`,
        { r },
      ),
    touches: ['suppliers:INSERT'],
  },
  updateSupplier: {
    setup: async (ws) => ({ supplierId: (await ws.newSupplier({ name: 'Before' })).id }),
    run: (ws, s, r) =>
      mutatePayload(
        ws,
        `mutation($id: ID!, $r: String) { updateSupplier(id: $id, input: { name: "After", accountRef: "ACC-2", email: null }, reason: $r) { supplier { id } ${USER_ERRORS} } }`,
        { id: s.supplierId, r },
      ),
    touches: ['suppliers:UPDATE'],
  },
  deleteSupplier: {
    setup: async (ws) => ({ supplierId: (await ws.newSupplier()).id }),
    run: (ws, s, r) => mutatePayload(ws, `mutation($id: ID!, $r: String) { deleteSupplier(id: $id, reason: $r) { supplier { id } ${USER_ERRORS} } }`, { id: s.supplierId, r }),
    touches: ['suppliers:UPDATE'],
  },
  createPurchaseOrder: {
    setup: async (ws) => ({ supplierId: (await ws.newSupplier()).id, jobId: (await ws.newJob()).id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($i: CreatePurchaseOrderInput!, $r: String) { createPurchaseOrder(input: $i, reason: $r) { purchaseOrder { id } ${USER_ERRORS} } }`, {
        i: {
          supplierId: s.supplierId,
          orderDate: '2026-03-02',
          expectedDate: '2026-03-09',
          reference: 'PO-REF',
          lines: [
            { description: 'Boards', itemCode: 'BRD-1', quantityOrdered: '12.5', unitCost: '3.10', jobId: s.jobId },
            { description: 'Screws', quantityOrdered: '400', unitCost: '0.05' },
          ],
        },
        r,
      }),
    touches: ['purchase_orders:INSERT', 'purchase_order_lines:INSERT', 'purchase_order_lines:INSERT'],
  },
  updatePurchaseOrder: {
    setup: async (ws) => ({ orderId: (await ws.newPurchaseOrder({ lines: [{}] })).id, supplierId: (await ws.newSupplier()).id }),
    run: (ws, s, r) =>
      mutatePayload(
        ws,
        `mutation($id: ID!, $i: UpdatePurchaseOrderInput!, $r: String) { updatePurchaseOrder(id: $id, input: $i, reason: $r) { purchaseOrder { id } ${USER_ERRORS} } }`,
        {
          id: s.orderId,
          i: { supplierId: s.supplierId, expectedDate: '2026-05-01', reference: 'Changed ref' },
          r,
        },
      ),
    touches: ['purchase_orders:UPDATE'],
  },
  addPurchaseOrderLine: {
    setup: async (ws) => ({ orderId: (await ws.newPurchaseOrder({ lines: [{}] })).id, jobId: (await ws.newJob()).id }),
    run: (ws, s, r) =>
      mutatePayload(
        ws,
        `mutation($o: ID!, $i: PurchaseOrderLineInput!, $r: String) { addPurchaseOrderLine(purchaseOrderId: $o, input: $i, reason: $r) { purchaseOrder { id } ${USER_ERRORS} } }`,
        { o: s.orderId, i: { description: 'Paint', itemCode: 'PNT', quantityOrdered: '3', unitCost: '22.40', jobId: s.jobId }, r },
      ),
    touches: ['purchase_order_lines:INSERT'],
  },
  updatePurchaseOrderLine: {
    setup: async (ws) => ({ lineId: (await ws.newPurchaseOrder({ lines: [{}, {}] })).lines[1].id, jobId: (await ws.newJob()).id }),
    run: (ws, s, r) =>
      mutatePayload(
        ws,
        `mutation($id: ID!, $i: UpdatePurchaseOrderLineInput!, $r: String) { updatePurchaseOrderLine(id: $id, input: $i, reason: $r) { purchaseOrder { id } ${USER_ERRORS} } }`,
        { id: s.lineId, i: { quantityOrdered: '7.5', unitCost: '5', jobId: s.jobId, itemCode: 'NEW' }, r },
      ),
    touches: ['purchase_order_lines:UPDATE'],
  },
  removePurchaseOrderLine: {
    setup: async (ws) => ({ lineId: (await ws.newPurchaseOrder({ lines: [{}, {}] })).lines[0].id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $r: String) { removePurchaseOrderLine(id: $id, reason: $r) { purchaseOrder { id } ${USER_ERRORS} } }`, { id: s.lineId, r }),
    touches: ['purchase_order_lines:DELETE'],
  },
  submitPurchaseOrder: {
    setup: async (ws) => ({ orderId: (await ws.newPurchaseOrder({ lines: [{}] })).id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $r: String) { submitPurchaseOrder(id: $id, reason: $r) { purchaseOrder { id } ${USER_ERRORS} } }`, { id: s.orderId, r }),
    touches: ['purchase_orders:UPDATE'],
  },
  cancelPurchaseOrder: {
    setup: async (ws) => ({ orderId: (await ws.newPurchaseOrder({ lines: [{}], submit: true })).id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $r: String) { cancelPurchaseOrder(id: $id, reason: $r) { purchaseOrder { id } ${USER_ERRORS} } }`, { id: s.orderId, r }),
    touches: ['purchase_orders:UPDATE'],
  },
  receivePurchaseOrder: {
    // A line for a job (booked onto its actual costs), a stock line received for the first time (a new
    // stock item) and one received before (its stock item topped up); the order becomes RECEIVED.
    setup: async (ws) => {
      const job = await ws.newJob();
      const order = await ws.newPurchaseOrder({ lines: [{ jobId: job.id, quantityOrdered: '4' }, { quantityOrdered: '6' }, { quantityOrdered: '10' }], submit: true });
      await ws.receive(order.id, [{ lineId: order.lines[2].id, quantity: '2.5' }]);
      return { orderId: order.id, lineIds: order.lines.map((l: { id: string }) => l.id) };
    },
    run: (ws, s, r) =>
      mutatePayload(
        ws,
        `mutation($id: ID!, $l: [ReceiveLineInput!]!, $r: String) { receivePurchaseOrder(id: $id, lines: $l, reason: $r) { purchaseOrder { id status } ${USER_ERRORS} } }`,
        {
          id: s.orderId,
          l: [
            { lineId: s.lineIds[2], quantity: '7.5' },
            { lineId: s.lineIds[0], quantity: '4' },
            { lineId: s.lineIds[1], quantity: '6' },
          ],
          r,
        },
      ),
    touches: [
      'purchase_order_lines:UPDATE',
      'purchase_order_lines:UPDATE',
      'purchase_order_lines:UPDATE',
      'cost_lines:INSERT',
      'cost_sets:UPDATE',
      'stock_items:INSERT',
      'stock_items:UPDATE',
      'purchase_orders:UPDATE',
    ],
  },
  consumeStock: {
    setup: async (ws) => ({ jobId: (await ws.newJob()).id, stockItemId: (await ws.newStockItem({ quantity: '10' })).id }),
    run: (ws, s, r) =>
      mutatePayload(
        ws,
        `mutation($j: ID!, $s: ID!, $r: String) { consumeStock(jobId: $j, stockItemId: $s, quantity: "3.25", accountingDate: "2026-04-01", reason: $r) { costLine { id } ${USER_ERRORS} } }`,
        { j: s.jobId, s: s.stockItemId, r },
      ),
    touches: ['stock_items:UPDATE', 'cost_lines:INSERT', 'cost_sets:UPDATE'],
  },
  returnStock: {
    setup: async (ws) => {
      const job = await ws.newJob();
      const stockItemId = (await ws.newStockItem({ quantity: '10' })).id;
      return { costLineId: (await ws.consumeStock(job.id, stockItemId, '4')).costLine.id };
    },
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $r: String) { returnStock(costLineId: $id, quantity: "1.5", reason: $r) { costLine { id } ${USER_ERRORS} } }`, {
        id: s.costLineId,
        r,
      }),
    touches: ['stock_items:UPDATE', 'cost_lines:UPDATE', 'cost_sets:UPDATE'],
  },
  createProject: {
    setup: async (ws) => ({ ownerId: (await ws.newStaff()).id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($i: CreateProjectInput!, $r: String) { createProject(input: $i, reason: $r) { project { id } ${USER_ERRORS} } }`, {
        i: {
          name: 'New project',
          ownerId: s.ownerId,
          startDate: '2026-01-05',
          endDate: '2026-03-31',
          description: 'd',
          school: { courseName: 'Maths', courseCode: 'M1', teacherName: 'T' },
        },
        r,
      }),
    touches: ['projects:INSERT', 'school_project_details:INSERT'],
  },
  updateProject: {
    setup: async (ws) => ({ projectId: (await ws.newProject({ kind: 'SCHOOL' })).id, ownerId: (await ws.newStaff()).id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $i: UpdateProjectInput!, $r: String) { updateProject(id: $id, input: $i, reason: $r) { project { id } ${USER_ERRORS} } }`, {
        id: s.projectId,
        i: { name: 'Renamed', ownerId: s.ownerId, description: 'now described', school: { courseName: 'Physics', teacherName: 'Dr P' } },
        r,
      }),
    touches: ['projects:UPDATE', 'school_project_details:UPDATE'],
  },
  publishProject: {
    setup: async (ws) => ({ projectId: (await ws.newProject()).id }),
    run: (ws, s, r) => mutatePayload(ws, `mutation($id: ID!, $r: String) { publishProject(id: $id, reason: $r) { project { id } ${USER_ERRORS} } }`, { id: s.projectId, r }),
    touches: ['projects:UPDATE'],
  },
  deleteProject: {
    setup: async (ws) => ({ projectId: (await ws.newProject()).id }),
    run: (ws, s, r) => mutatePayload(ws, `mutation($id: ID!, $r: String) { deleteProject(id: $id, reason: $r) { project { id } ${USER_ERRORS} } }`, { id: s.projectId, r }),
    touches: ['projects:UPDATE'],
  },
  restoreProject: {
    setup: async (ws) => {
      const p = await ws.newProject();
      await ws.deleteProject(p.id);
      return { projectId: p.id };
    },
    run: (ws, s, r) => mutatePayload(ws, `mutation($id: ID!, $r: String) { restoreProject(id: $id, reason: $r) { project { id } ${USER_ERRORS} } }`, { id: s.projectId, r }),
    touches: ['projects:UPDATE'],
  },
  // The parts of a project move its updated_at too (an UPDATE of nothing else, which writes no history).
  setProjectMeta: {
    setup: async (ws) => ({ projectId: (await ws.newProject()).id }),
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($p: ID!, $r: String) { setProjectMeta(projectId: $p, key: "syllabus", value: { weeks: 3 }, reason: $r) { meta { id } ${USER_ERRORS} } }`, {
        p: s.projectId,
        r,
      }),
    touches: ['project_meta:INSERT', 'projects:UPDATE'],
  },
  deleteProjectMeta: {
    setup: async (ws) => {
      const p = await ws.newProject();
      await ws.setProjectMeta(p.id, 'syllabus', [1, 2]);
      return { projectId: p.id };
    },
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($p: ID!, $r: String) { deleteProjectMeta(projectId: $p, key: "syllabus", reason: $r) { meta { id } ${USER_ERRORS} } }`, { p: s.projectId, r }),
    touches: ['project_meta:DELETE', 'projects:UPDATE'],
  },
  addImportantDate: {
    setup: async (ws) => ({ projectId: (await ws.newProject()).id }),
    run: (ws, s, r) =>
      mutatePayload(
        ws,
        `mutation($p: ID!, $r: String) { addImportantDate(projectId: $p, input: { title: "Exam", date: "2026-06-01", note: "Hall" }, reason: $r) { importantDate { id } ${USER_ERRORS} } }`,
        { p: s.projectId, r },
      ),
    touches: ['project_important_dates:INSERT', 'projects:UPDATE'],
  },
  removeImportantDate: {
    setup: async (ws) => {
      const p = await ws.newProject();
      return { dateId: (await ws.newImportantDate(p.id)).id };
    },
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $r: String) { removeImportantDate(id: $id, reason: $r) { importantDate { id } ${USER_ERRORS} } }`, { id: s.dateId, r }),
    touches: ['project_important_dates:DELETE', 'projects:UPDATE'],
  },
  addAttachment: {
    setup: async (ws) => ({ projectId: (await ws.newProject()).id }),
    run: (ws, s, r) =>
      mutatePayload(
        ws,
        `mutation($p: ID!, $r: String) { addAttachment(projectId: $p, input: { fileName: "a.pdf", contentType: "application/pdf", size: 10, storageKey: "k", checksum: "${'c'.repeat(64)}" }, reason: $r) { attachment { id } ${USER_ERRORS} } }`,
        { p: s.projectId, r },
      ),
    touches: ['project_attachments:INSERT', 'projects:UPDATE'],
  },
  removeAttachment: {
    setup: async (ws) => {
      const p = await ws.newProject();
      return { attachmentId: (await ws.newAttachment(p.id)).id };
    },
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $r: String) { removeAttachment(id: $id, reason: $r) { attachment { id } ${USER_ERRORS} } }`, { id: s.attachmentId, r }),
    touches: ['project_attachments:UPDATE', 'projects:UPDATE'],
  },
  restoreAttachment: {
    setup: async (ws) => {
      const p = await ws.newProject();
      const a = await ws.newAttachment(p.id);
      await ws.removeAttachment(a.id);
      return { attachmentId: a.id };
    },
    run: (ws, s, r) =>
      mutatePayload(ws, `mutation($id: ID!, $r: String) { restoreAttachment(id: $id, reason: $r) { attachment { id } ${USER_ERRORS} } }`, { id: s.attachmentId, r }),
    touches: ['project_attachments:UPDATE', 'projects:UPDATE'],
  },
  // Two abandoned drafts (one of each kind) with a meta entry, a date and an attachment each, written set-based
  // two days ago; the clean-up deletes every row (one batch: one transaction).
  cleanupAbandonedDrafts: {
    setup: async (ws) => {
      const ownerId = (await ws.newStaff()).id;
      const at = new Date(Date.now() - 48 * 3_600_000);
      const ids = await insertProjects(server.db, ws.id, 2, { ownerId, updatedAt: at });
      const audit = { actor: { type: 'SYSTEM' as const, id: 'test-fixture', name: 'test fixture' }, reason: 'test setup', requestId: 'test' };
      const base = (projectId: string) => ({ workspace_id: ws.id, project_id: projectId, created_at: at.toISOString(), updated_at: at.toISOString() });
      await inTransaction(server.db, audit, async (em) => {
        await auditedInsertRows(
          em,
          ProjectMeta,
          ids.map((id) => ({ ...base(id), key: 'syllabus', value: { id } })),
        );
        await auditedInsertRows(
          em,
          ImportantDate,
          ids.map((id) => ({ ...base(id), title: 'Exam', date: '2026-06-01' })),
        );
        await auditedInsertRows(
          em,
          Attachment,
          ids.map((id) => ({ ...base(id), file_name: 'f', content_type: 'text/plain', size: 1, storage_key: 'k', checksum: 'a'.repeat(64) })),
        );
      });
      return {};
    },
    run: (ws, _s, r) => mutatePayload(ws, `mutation($r: String) { cleanupAbandonedDrafts(reason: $r) { removed ${USER_ERRORS} } }`, { r }),
    touches: [
      'projects:DELETE',
      'projects:DELETE',
      'school_project_details:DELETE',
      'self_study_project_details:DELETE',
      'project_meta:DELETE',
      'project_meta:DELETE',
      'project_important_dates:DELETE',
      'project_important_dates:DELETE',
      'project_attachments:DELETE',
      'project_attachments:DELETE',
    ],
  },
};

// ------------------------------------------------------------------ observing row changes and history

interface RowChange {
  id: string;
  tbl: AuditedTable;
  row_id: string;
  op: 'INSERT' | 'UPDATE' | 'DELETE';
  txid: string;
  at: Date;
  changed_cols: string[] | null;
}

interface HistoryRow {
  table: AuditedTable;
  historyId: string;
  id: string;
  version: number;
  type: '+' | '~' | '-';
  actorType: string;
  actorId: string;
  actorLabel: string;
  reason: string | null;
  requestId: string | null;
  transactionId: string;
  changedFields: Record<string, { from: unknown; to: unknown }>;
  /** The mirrored columns: the record as it stood. */
  row: Record<string, unknown>;
}

interface Mark {
  change: string;
  history: Record<AuditedTable, string>;
}

async function mark(workspaceId: string): Promise<Mark> {
  const [{ m }] = await server.db.query('SELECT coalesce(max(id), 0)::text AS m FROM test_row_changes WHERE workspace_id = $1', [workspaceId]);
  const history = {} as Record<AuditedTable, string>;
  for (const t of AUDITED_TABLES) {
    const [{ h }] = await server.db.query(`SELECT coalesce(max(history_id), 0)::text AS h FROM ${t}_history WHERE workspace_id = $1`, [workspaceId]);
    history[t] = h;
  }
  return { change: m, history };
}

async function rowChangesSince(workspaceId: string, since: Mark): Promise<RowChange[]> {
  return server.db.query('SELECT id::text, tbl, row_id, op, txid::text, at, changed_cols FROM test_row_changes WHERE workspace_id = $1 AND id > $2 ORDER BY id', [
    workspaceId,
    since.change,
  ]);
}

function toHistoryRow(table: AuditedTable, rec: Record<string, any>): HistoryRow {
  const row = Object.fromEntries(Object.entries(rec).filter(([k]) => !HISTORY_META.includes(k)));
  return {
    table,
    historyId: String(rec.history_id),
    id: rec.id,
    version: rec.version,
    type: rec.history_type,
    actorType: rec.actor_type,
    actorId: rec.actor_id,
    actorLabel: rec.actor_label,
    reason: rec.reason,
    requestId: rec.request_id,
    transactionId: String(rec.transaction_id),
    changedFields: rec.changed_fields,
    row,
  };
}

async function historySince(workspaceId: string, since: Mark): Promise<HistoryRow[]> {
  const out: HistoryRow[] = [];
  for (const t of AUDITED_TABLES) {
    const rows: Array<{ rec: Record<string, any> }> = await server.db.query(
      `SELECT to_jsonb(h) AS rec FROM ${t}_history h WHERE workspace_id = $1 AND history_id > $2 ORDER BY id, version`,
      [workspaceId, since.history[t]],
    );
    out.push(...rows.map((r) => toHistoryRow(t, r.rec)));
  }
  return out;
}

async function historyVersion(table: AuditedTable, id: string, version: number): Promise<HistoryRow | null> {
  const rows: Array<{ rec: Record<string, any> }> = await server.db.query(`SELECT to_jsonb(h) AS rec FROM ${table}_history h WHERE id = $1 AND version = $2`, [id, version]);
  return rows[0] ? toHistoryRow(table, rows[0].rec) : null;
}

async function liveRow(table: AuditedTable, id: string): Promise<Record<string, unknown> | null> {
  const rows: Array<{ row: Record<string, unknown> }> = await server.db.query(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE id = $1`, [id]);
  return rows[0]?.row ?? null;
}

/** Columns whose values differ between two records, `updated_at` aside (it is not a change of its own). */
function differing(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => k !== 'updated_at' && JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null)).sort();
}

const isNoOp = (c: RowChange) => c.op === 'UPDATE' && (c.changed_cols ?? []).every((col) => col === 'updated_at');
const TYPE_OF_OP = { INSERT: '+', UPDATE: '~', DELETE: '-' } as const;

interface Observed {
  changes: RowChange[];
  history: HistoryRow[];
  payload: any;
}

/** Runs `fn` and returns the row changes and history records of the workspace it caused. */
async function observe(workspaceId: string, fn: () => Promise<any>): Promise<Observed> {
  const since = await mark(workspaceId);
  const [{ t0 }] = await server.db.query('SELECT clock_timestamp() AS t0');
  const payload = await fn();
  const [{ t1 }] = await server.db.query('SELECT clock_timestamp() AS t1');
  const changes = await rowChangesSince(workspaceId, since);
  for (const c of changes) {
    expect(c.at.getTime()).toBeGreaterThanOrEqual(t0.getTime());
    expect(c.at.getTime()).toBeLessThanOrEqual(t1.getTime());
  }
  return { changes, history: await historySince(workspaceId, since), payload };
}

/**
 * Each row change has exactly one history record (same table, row, order; type matching the
 * operation), no history record lacks a row change, and each record carries the actor, reason,
 * transaction and exactly the changed columns.
 */
async function expectOneRecordPerChange(obs: Observed, actor: { id: string; name: string }, reason: string): Promise<void> {
  const key = (tbl: string, id: string) => `${tbl}|${id}`;
  const changesByRow = new Map<string, RowChange[]>();
  for (const c of obs.changes.filter((c) => !isNoOp(c))) changesByRow.set(key(c.tbl, c.row_id), [...(changesByRow.get(key(c.tbl, c.row_id)) ?? []), c]);
  const historyByRow = new Map<string, HistoryRow[]>();
  for (const h of obs.history) historyByRow.set(key(h.table, h.id), [...(historyByRow.get(key(h.table, h.id)) ?? []), h]);

  // The same rows, and for each row the same sequence: one record per change.
  expect([...historyByRow.keys()].sort()).toEqual([...changesByRow.keys()].sort());
  for (const [rowKey, changes] of changesByRow) {
    const records = historyByRow.get(rowKey)!;
    expect({ row: rowKey, types: records.map((h) => h.type) }).toEqual({ row: rowKey, types: changes.map((c) => TYPE_OF_OP[c.op]) });
    const first = records[0].version;
    expect(records.map((h) => h.version)).toEqual(records.map((_h, i) => first + i));
  }

  // One transaction, one request.
  const txids = new Set(obs.changes.map((c) => c.txid));
  expect(txids.size).toBe(1);
  const requestIds = new Set(obs.history.map((h) => h.requestId));
  expect(requestIds.size).toBe(1);
  expect([...requestIds][0]).toEqual(expect.any(String));

  for (const [rowKey, changes] of changesByRow) {
    const records = historyByRow.get(rowKey)!;
    for (const [i, change] of changes.entries()) {
      const h = records[i];
      const where = `${rowKey} v${h.version}`;
      expect({ where, actorType: h.actorType, actorId: h.actorId, actorLabel: h.actorLabel, reason: h.reason, tx: h.transactionId }).toEqual({
        where,
        actorType: 'API_KEY',
        actorId: actor.id,
        actorLabel: actor.name,
        reason,
        tx: change.txid,
      });
      const previous = h.version > 1 ? await historyVersion(h.table, h.id, h.version - 1) : null;
      if (h.type === '+') {
        expect(h.version).toBe(1);
        const set = Object.keys(h.row)
          .filter((k) => k !== 'updated_at' && h.row[k] !== null)
          .sort();
        expect({ where, fields: Object.keys(h.changedFields).sort() }).toEqual({ where, fields: set });
        for (const [k, v] of Object.entries(h.changedFields)) expect({ where, k, v }).toEqual({ where, k, v: { from: null, to: h.row[k] } });
      } else if (h.type === '~') {
        expect(previous).not.toBeNull();
        const fields = Object.keys(h.changedFields).sort();
        // The columns the statement actually changed, as seen by the database …
        expect({ where, fields }).toEqual({ where, fields: (change.changed_cols ?? []).filter((c) => c !== 'updated_at').sort() });
        // … are exactly the difference from the previous history record, with its values.
        expect({ where, fields }).toEqual({ where, fields: differing(previous!.row, h.row) });
        for (const [k, v] of Object.entries(h.changedFields)) {
          expect({ where, k, v }).toEqual({ where, k, v: { from: previous!.row[k] ?? null, to: h.row[k] ?? null } });
        }
      } else {
        // A delete records the row as it stood: the previous record, unchanged.
        expect(previous).not.toBeNull();
        expect({ where, changed: h.changedFields }).toEqual({ where, changed: {} });
        expect({ where, row: h.row }).toEqual({ where, row: previous!.row });
      }
    }
    // The newest record is the row as it now stands (or, after a delete, the row is gone).
    const newest = records.at(-1)!;
    const live = await liveRow(newest.table, newest.id);
    if (newest.type === '-') expect(live).toBeNull();
    else expect({ row: rowKey, snapshot: newest.row }).toEqual({ row: rowKey, snapshot: live });
  }
}

async function viewerOf(ws: TestContext): Promise<{ id: string; name: string }> {
  const v = dataOf(await ws.gql('{ viewer { apiKeyId name } }')).viewer;
  return { id: v.apiKeyId, name: v.name };
}

// ------------------------------------------------------------------ tests

test('the table covers every mutation of the schema', async () => {
  const ws = await server.newWorkspace();
  const d = dataOf(await ws.gql('{ __schema { mutationType { fields { name } } } }'));
  const fromSchema = d.__schema.mutationType.fields.map((f: { name: string }) => f.name).sort();
  expect(Object.keys(MUTATIONS).sort()).toEqual(fromSchema.filter((n: string) => !UNAUDITED.includes(n)));
});

/** Key management writes only `api_keys`, which is not audited (a key's row holds its hash; see README, Security). */
const UNAUDITED = ['createApiKey', 'revokeApiKey'];

test('key management mutations write no history records', async () => {
  const ws = await server.newWorkspace();
  const created = await observe(ws.id, () =>
    mutatePayload(ws, `mutation { createApiKey(input: { name: "Coverage", role: VIEWER }, reason: "k") { apiKey { id } ${USER_ERRORS} } }`),
  );
  expect(created.payload.userErrors).toEqual([]);
  const revoked = await observe(ws.id, () =>
    mutatePayload(ws, `mutation($id: ID!) { revokeApiKey(id: $id, reason: "k") { apiKey { id } ${USER_ERRORS} } }`, { id: created.payload.apiKey.id }),
  );
  expect(revoked.payload.userErrors).toEqual([]);
  expect([...created.history, ...revoked.history, ...created.changes, ...revoked.changes]).toEqual([]);
});

describe.each(Object.keys(MUTATIONS))('%s', (name) => {
  test('each row change it makes has exactly one history record with the actor, the reason and the changed columns', async () => {
    const c = MUTATIONS[name];
    const ws = await server.newWorkspace();
    const actor = await viewerOf(ws);
    const state = c.setup ? await c.setup(ws) : {};
    const reason = `coverage ${name} ${unique('r')}`;

    const obs = await observe(ws.id, () => c.run(ws, state, reason));
    expect(obs.payload.userErrors).toEqual([]);
    expect(obs.changes.map((ch) => `${ch.tbl}:${ch.op}`).sort()).toEqual([...c.touches].sort());
    expect(obs.history.length).toBeGreaterThan(0);
    await expectOneRecordPerChange(obs, actor, reason);

    // The records are what the API shows for this reason.
    const log = dataOf(await ws.gql('{ auditLog(first: 100) { nodes { entityId version reason actor { id } } } }')).auditLog.nodes.filter(
      (n: { reason: string }) => n.reason === reason,
    );
    expect(log.map((n: { entityId: string; version: number }) => `${n.entityId}:${n.version}`).sort()).toEqual(obs.history.map((h) => `${h.id}:${h.version}`).sort());
  });
});

test('the other shapes of receiving and returning: each row change has exactly one history record', async () => {
  const ws = await server.newWorkspace();
  const actor = await viewerOf(ws);
  const job = await ws.newJob();
  const order = await ws.newPurchaseOrder({ lines: [{ quantityOrdered: '10' }, { quantityOrdered: '2', jobId: job.id }], submit: true });
  const stockItemId = (await ws.newStockItem({ quantity: '5' })).id;
  const costLineId = (await ws.consumeStock(job.id, stockItemId, '2')).costLine.id;

  const variants: Array<{ label: string; query: string; variables: Record<string, unknown>; touches: string[] }> = [
    {
      label: 'receivePurchaseOrder of part of one stock line (the order becomes PARTIALLY_RECEIVED)',
      query: `mutation($id: ID!, $l: ID!, $r: String) { receivePurchaseOrder(id: $id, lines: [{ lineId: $l, quantity: "4" }], reason: $r) { purchaseOrder { id } ${USER_ERRORS} } }`,
      variables: { id: order.id, l: order.lines[0].id },
      touches: ['purchase_order_lines:UPDATE', 'stock_items:INSERT', 'purchase_orders:UPDATE'],
    },
    {
      label: 'receivePurchaseOrder of part of a job line (status unchanged)',
      query: `mutation($id: ID!, $l: ID!, $r: String) { receivePurchaseOrder(id: $id, lines: [{ lineId: $l, quantity: "1" }], reason: $r) { purchaseOrder { id } ${USER_ERRORS} } }`,
      variables: { id: order.id, l: order.lines[1].id },
      touches: ['purchase_order_lines:UPDATE', 'cost_lines:INSERT', 'cost_sets:UPDATE'],
    },
    {
      label: 'consumeStock of everything available',
      query: `mutation($j: ID!, $s: ID!, $r: String) { consumeStock(jobId: $j, stockItemId: $s, quantity: "3", reason: $r) { costLine { id } ${USER_ERRORS} } }`,
      variables: { j: job.id, s: stockItemId },
      touches: ['stock_items:UPDATE', 'cost_lines:INSERT', 'cost_sets:UPDATE'],
    },
    {
      label: 'returnStock of the whole line (the cost line is removed)',
      query: `mutation($id: ID!, $r: String) { returnStock(costLineId: $id, quantity: "2", reason: $r) { costLine { id } ${USER_ERRORS} } }`,
      variables: { id: costLineId },
      touches: ['stock_items:UPDATE', 'cost_lines:DELETE', 'cost_sets:UPDATE'],
    },
  ];
  for (const v of variants) {
    const reason = `coverage variant ${unique('r')}`;
    const obs = await observe(ws.id, () => mutatePayload(ws, v.query, { ...v.variables, r: reason }));
    expect({ label: v.label, userErrors: obs.payload.userErrors }).toEqual({ label: v.label, userErrors: [] });
    expect({ label: v.label, touches: obs.changes.map((ch) => `${ch.tbl}:${ch.op}`).sort() }).toEqual({ label: v.label, touches: [...v.touches].sort() });
    await expectOneRecordPerChange(obs, actor, reason);
  }
});

test('updates that change nothing write no history', async () => {
  const ws = await server.newWorkspace();
  const clientId = (await ws.newClient({ name: 'Same name' })).id;
  const staffId = (await ws.newStaff()).id;
  const job = await ws.newJob({ clientId, name: 'Same job', priority: 'HIGH' });
  const lineId = (await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '2' })).costLine.id;
  const supplierId = (await ws.newSupplier({ name: 'Same supplier' })).id;
  const order = await ws.newPurchaseOrder({ supplierId, lines: [{ quantityOrdered: '10', unitCost: '4.50' }], reference: 'Same ref' });

  const noOps: Array<[string, string, Record<string, unknown>]> = [
    ['updateClient', `mutation($id: ID!) { updateClient(id: $id, input: { name: "Same name" }, reason: "no-op") { client { id name } ${USER_ERRORS} } }`, { id: clientId }],
    ['updateClient (blank)', `mutation($id: ID!) { updateClient(id: $id, input: {}, reason: "no-op") { client { id } ${USER_ERRORS} } }`, { id: clientId }],
    ['updateStaff', `mutation($id: ID!) { updateStaff(id: $id, input: { wageRate: "30", active: true }, reason: "no-op") { staffMember { id } ${USER_ERRORS} } }`, { id: staffId }],
    ['updateJob', `mutation($id: ID!) { updateJob(id: $id, input: { name: "Same job", priority: HIGH }, reason: "no-op") { job { id } ${USER_ERRORS} } }`, { id: job.id }],
    [
      'updateCostLine',
      `mutation($id: ID!) { updateCostLine(id: $id, input: { quantity: "2.000", unitCost: "10" }, reason: "no-op") { costLine { id } ${USER_ERRORS} } }`,
      { id: lineId },
    ],
    ['revertJob', `mutation($id: ID!) { revertJob(id: $id, toVersion: 1, reason: "no-op") { job { id } ${USER_ERRORS} } }`, { id: job.id }],
    ['revertCostLine', `mutation($id: ID!) { revertCostLine(id: $id, toVersion: 1, reason: "no-op") { costLine { id } ${USER_ERRORS} } }`, { id: lineId }],
    ['updateSupplier', `mutation($id: ID!) { updateSupplier(id: $id, input: { name: "Same supplier" }, reason: "no-op") { supplier { id } ${USER_ERRORS} } }`, { id: supplierId }],
    [
      'updatePurchaseOrder',
      `mutation($id: ID!, $s: ID) { updatePurchaseOrder(id: $id, input: { supplierId: $s, reference: "Same ref" }, reason: "no-op") { purchaseOrder { id } ${USER_ERRORS} } }`,
      { id: order.id, s: supplierId },
    ],
    [
      'updatePurchaseOrderLine',
      `mutation($id: ID!) { updatePurchaseOrderLine(id: $id, input: { quantityOrdered: "10.000", unitCost: "4.5" }, reason: "no-op") { purchaseOrder { id } ${USER_ERRORS} } }`,
      { id: order.lines[0].id },
    ],
  ];
  const project = await ws.newProject({ name: 'Same project', kind: 'SCHOOL', school: { courseName: 'Same course', courseCode: 'SC', teacherName: 'Same' } });
  await ws.setProjectMeta(project.id, 'same', { a: [1, 2] });
  noOps.push(
    [
      'updateProject',
      `mutation($id: ID!) { updateProject(id: $id, input: { name: "Same project", school: { courseName: "Same course" } }, reason: "no-op") { project { id } ${USER_ERRORS} } }`,
      { id: project.id },
    ],
    [
      'setProjectMeta (same value)',
      `mutation($id: ID!) { setProjectMeta(projectId: $id, key: "same", value: { a: [1, 2] }, reason: "no-op") { meta { id } ${USER_ERRORS} } }`,
      { id: project.id },
    ],
  );
  for (const [label, query, variables] of noOps) {
    const obs = await observe(ws.id, () => mutatePayload(ws, query, variables));
    expect({ label, userErrors: obs.payload.userErrors }).toEqual({ label, userErrors: [] });
    expect({ label, history: obs.history }).toEqual({ label, history: [] });
    expect({ label, realChanges: obs.changes.filter((c) => !isNoOp(c)) }).toEqual({ label, realChanges: [] });
  }
  const log = dataOf(await ws.gql('{ auditLog(filter: { type: UPDATE }, first: 100) { totalCount nodes { reason } } }')).auditLog;
  expect(log.nodes.filter((n: { reason: string | null }) => n.reason === 'no-op')).toEqual([]);
});

test('refused mutations change no rows and write no history', async () => {
  const ws = await server.newWorkspace();
  const clientId = (await ws.newClient()).id;
  const job = await ws.newJob({ clientId });
  await ws.newCostLine({ costSetId: job.costSets.ACTUAL });
  const supplierId = (await ws.newSupplier()).id;
  const draft = await ws.newPurchaseOrder({ supplierId, lines: [{}] });
  const empty = await ws.newPurchaseOrder({ supplierId, lines: [] });
  const submitted = await ws.newPurchaseOrder({ supplierId, lines: [{ quantityOrdered: '5' }], submit: true });
  const stockItemId = (await ws.newStockItem({ quantity: '3' })).id;
  const stockLineId = (await ws.consumeStock(job.id, stockItemId, '2')).costLine.id;
  const refused: Array<[string, string, Record<string, unknown>]> = [
    ['deleteClient IN_USE', `mutation($id: ID!) { deleteClient(id: $id, reason: "refused") { client { id } ${USER_ERRORS} } }`, { id: clientId }],
    ['changeJobStatus', `mutation($id: ID!) { changeJobStatus(id: $id, status: COMPLETED, reason: "refused") { job { id } ${USER_ERRORS} } }`, { id: job.id }],
    [
      'createCostSet with a bad line',
      `mutation($j: ID!) { createCostSet(input: { jobId: $j, kind: ACTUAL, lines: [{ kind: MATERIAL, description: "x", quantity: "1" }] }, reason: "refused") { costSet { id } ${USER_ERRORS} } }`,
      { j: job.id },
    ],
    ['revertJob missing version', `mutation($id: ID!) { revertJob(id: $id, toVersion: 42, reason: "refused") { job { id } ${USER_ERRORS} } }`, { id: job.id }],
    ['deleteSupplier IN_USE', `mutation($id: ID!) { deleteSupplier(id: $id, reason: "refused") { supplier { id } ${USER_ERRORS} } }`, { id: supplierId }],
    [
      'createPurchaseOrder with a bad second line',
      `mutation($s: ID!) { createPurchaseOrder(input: { supplierId: $s, lines: [{ description: "ok", quantityOrdered: "1", unitCost: "1" }, { description: "bad", quantityOrdered: "1", unitCost: "1", jobId: "${'00000000-0000-4000-8000-000000000000'}" }] }, reason: "refused") { purchaseOrder { id } ${USER_ERRORS} } }`,
      { s: supplierId },
    ],
    ['submitPurchaseOrder without lines', `mutation($id: ID!) { submitPurchaseOrder(id: $id, reason: "refused") { purchaseOrder { id } ${USER_ERRORS} } }`, { id: empty.id }],
    [
      'updatePurchaseOrderLine of a submitted order',
      `mutation($id: ID!) { updatePurchaseOrderLine(id: $id, input: { quantityOrdered: "9" }, reason: "refused") { purchaseOrder { id } ${USER_ERRORS} } }`,
      { id: submitted.lines[0].id },
    ],
    [
      'receivePurchaseOrder of a draft order',
      `mutation($id: ID!, $l: ID!) { receivePurchaseOrder(id: $id, lines: [{ lineId: $l, quantity: "1" }], reason: "refused") { purchaseOrder { id } ${USER_ERRORS} } }`,
      { id: draft.id, l: draft.lines[0].id },
    ],
    [
      'receivePurchaseOrder above the ordered quantity',
      `mutation($id: ID!, $l: ID!) { receivePurchaseOrder(id: $id, lines: [{ lineId: $l, quantity: "5.001" }], reason: "refused") { purchaseOrder { id } ${USER_ERRORS} } }`,
      { id: submitted.id, l: submitted.lines[0].id },
    ],
    [
      'consumeStock INSUFFICIENT_STOCK',
      `mutation($j: ID!, $s: ID!) { consumeStock(jobId: $j, stockItemId: $s, quantity: "1.001", reason: "refused") { costLine { id } ${USER_ERRORS} } }`,
      { j: job.id, s: stockItemId },
    ],
    [
      'returnStock more than was taken',
      `mutation($id: ID!) { returnStock(costLineId: $id, quantity: "2.001", reason: "refused") { costLine { id } ${USER_ERRORS} } }`,
      { id: stockLineId },
    ],
  ];
  const project = await ws.newProject({ kind: 'SCHOOL' });
  await ws.newAttachment(project.id);
  const ownerId = (await ws.newStaff()).id;
  refused.push(
    ['deleteProject IN_USE', `mutation($id: ID!) { deleteProject(id: $id, reason: "refused") { project { id } ${USER_ERRORS} } }`, { id: project.id }],
    [
      "updateProject with the other kind's details",
      `mutation($id: ID!) { updateProject(id: $id, input: { name: "x", selfStudy: { goalDescription: "g" } }, reason: "refused") { project { id } ${USER_ERRORS} } }`,
      { id: project.id },
    ],
    [
      'createProject ending before it starts',
      `mutation($o: ID!) { createProject(input: { name: "x", ownerId: $o, startDate: "2026-01-02", endDate: "2026-01-01", selfStudy: { goalDescription: "g", studyFrequency: "f" } }, reason: "refused") { project { id } ${USER_ERRORS} } }`,
      { o: ownerId },
    ],
    ['cleanupAbandonedDrafts olderThanHours 0', `mutation { cleanupAbandonedDrafts(olderThanHours: 0, reason: "refused") { removed ${USER_ERRORS} } }`, {}],
  );
  // The refusals of purchasing and stock, by the rule that refuses them (not some unrelated error).
  const codes: Record<string, string> = {
    'deleteSupplier IN_USE': 'IN_USE',
    'createPurchaseOrder with a bad second line': 'NOT_FOUND',
    'submitPurchaseOrder without lines': 'VALIDATION',
    'updatePurchaseOrderLine of a submitted order': 'VALIDATION',
    'receivePurchaseOrder of a draft order': 'INVALID_STATUS_TRANSITION',
    'receivePurchaseOrder above the ordered quantity': 'VALIDATION',
    'consumeStock INSUFFICIENT_STOCK': 'INSUFFICIENT_STOCK',
    'returnStock more than was taken': 'VALIDATION',
    'deleteProject IN_USE': 'IN_USE',
    "updateProject with the other kind's details": 'VALIDATION',
    'createProject ending before it starts': 'VALIDATION',
    'cleanupAbandonedDrafts olderThanHours 0': 'VALIDATION',
  };
  for (const [label, query, variables] of refused) {
    const obs = await observe(ws.id, () => mutatePayload(ws, query, variables));
    expect({ label, refused: obs.payload.userErrors.length > 0 }).toEqual({ label, refused: true });
    if (codes[label]) expect({ label, codes: obs.payload.userErrors.map((e: { code: string }) => e.code) }).toEqual({ label, codes: [codes[label]] });
    // A rolled-back transaction leaves no row changes behind (the trigger's rows roll back too).
    expect({ label, changes: obs.changes, history: obs.history }).toEqual({ label, changes: [], history: [] });
  }
});
