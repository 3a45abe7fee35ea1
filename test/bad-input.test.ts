/**
 * Bad input to every mutation: each case is refused with the right error code and path (or a
 * top-level GraphQL error for values the schema itself rejects), the payload carries no entity,
 * and nothing at all is written to the workspace (snapshots before and after are identical).
 *
 * Every case builds its own data in its own workspace, so cases are independent of each other
 * and of their order.
 */
import { randomUUID } from 'node:crypto';
import type { TestContext } from './support/context';
import { snapshotWorkspace } from './support/database';
import type { GqlResponse } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

// ------------------------------------------------------------------------------------------ documents

const USER_ERRORS = 'userErrors { code path message }';

/** Every mutation under test: its argument list and the entity fields of its payload. */
const MUTATIONS = {
  createClient: { args: '$input: CreateClientInput!', call: 'input: $input', entities: ['client'] },
  updateClient: { args: '$id: ID!, $input: UpdateClientInput!', call: 'id: $id, input: $input', entities: ['client'] },
  deleteClient: { args: '$id: ID!', call: 'id: $id', entities: ['client'] },
  createStaff: { args: '$input: CreateStaffInput!', call: 'input: $input', entities: ['staffMember'] },
  updateStaff: { args: '$id: ID!, $input: UpdateStaffInput!', call: 'id: $id, input: $input', entities: ['staffMember'] },
  createJob: { args: '$input: CreateJobInput!', call: 'input: $input', entities: ['job'] },
  updateJob: { args: '$id: ID!, $input: UpdateJobInput!', call: 'id: $id, input: $input', entities: ['job'] },
  changeJobStatus: { args: '$id: ID!, $status: JobStatus!', call: 'id: $id, status: $status', entities: ['job'] },
  deleteJob: { args: '$id: ID!', call: 'id: $id', entities: ['job'] },
  restoreJob: { args: '$id: ID!', call: 'id: $id', entities: ['job'] },
  createCostSet: { args: '$input: CreateCostSetInput!', call: 'input: $input', entities: ['costSet'] },
  addCostLine: { args: '$costSetId: ID!, $input: CostLineInput!', call: 'costSetId: $costSetId, input: $input', entities: ['costLine', 'costSet'] },
  updateCostLine: { args: '$id: ID!, $input: UpdateCostLineInput!', call: 'id: $id, input: $input', entities: ['costLine', 'costSet'] },
  deleteCostLine: { args: '$id: ID!', call: 'id: $id', entities: ['costLine', 'costSet'] },
  createProject: { args: '$input: CreateProjectInput!', call: 'input: $input', entities: ['project'] },
  updateProject: { args: '$id: ID!, $input: UpdateProjectInput!', call: 'id: $id, input: $input', entities: ['project'] },
  publishProject: { args: '$id: ID!', call: 'id: $id', entities: ['project'] },
  deleteProject: { args: '$id: ID!', call: 'id: $id', entities: ['project'] },
  restoreProject: { args: '$id: ID!', call: 'id: $id', entities: ['project'] },
  setProjectMeta: { args: '$projectId: ID!, $key: String!, $value: JSON!', call: 'projectId: $projectId, key: $key, value: $value', entities: ['meta', 'project'] },
  deleteProjectMeta: { args: '$projectId: ID!, $key: String!', call: 'projectId: $projectId, key: $key', entities: ['meta', 'project'] },
  addImportantDate: { args: '$projectId: ID!, $input: ImportantDateInput!', call: 'projectId: $projectId, input: $input', entities: ['importantDate', 'project'] },
  removeImportantDate: { args: '$id: ID!', call: 'id: $id', entities: ['importantDate', 'project'] },
  addAttachment: { args: '$projectId: ID!, $input: AttachmentInput!', call: 'projectId: $projectId, input: $input', entities: ['attachment', 'project'] },
  removeAttachment: { args: '$id: ID!', call: 'id: $id', entities: ['attachment', 'project'] },
  restoreAttachment: { args: '$id: ID!', call: 'id: $id', entities: ['attachment', 'project'] },
  cleanupAbandonedDrafts: { args: '$olderThanHours: Int', call: 'olderThanHours: $olderThanHours', entities: [] },
} as const;

type MutationName = keyof typeof MUTATIONS;

function selection(name: MutationName): string {
  const entities: readonly string[] = MUTATIONS[name].entities;
  return `${entities.map((e) => `${e} { id }`).join(' ')} ${name === 'cleanupAbandonedDrafts' ? 'removed ' : ''}${USER_ERRORS}`;
}

/** The mutation as a document taking its arguments (and `reason`) as variables. */
function documentFor(name: MutationName): string {
  const m = MUTATIONS[name];
  return `mutation Bad(${m.args}, $reason: String) { ${name}(${m.call}, reason: $reason) { ${selection(name)} } }`;
}

// ------------------------------------------------------------------------------------------ cases

type Vars = Record<string, any>;
type Path = string[];

interface Case {
  name: string;
  mutation: MutationName;
  /** Overrides the generated document (e.g. for inline literals the schema rejects). */
  document?: string;
  /** Creates the data the case needs (`other()` makes a second workspace); returns values for `variables`. */
  setup?: (ws: TestContext, other: () => Promise<TestContext>) => Promise<Vars>;
  variables: (s: Vars) => Vars;
  /** Expected user errors as [code, path]; compared as a set, each error must have a message. */
  errors?: Array<[string, Path]>;
  /** Expected top-level `extensions.code` (one of these) for input the schema rejects. */
  topLevel?: string[];
  /**
   * Variables that point at an id that does not exist at all: the case's (cross-workspace) id must
   * give exactly the same user errors, message included (ids masked).
   */
  likeMissing?: (s: Vars) => Vars;
}

const MISSING = '00000000-0000-4000-8000-000000000000';
const s201 = 'x'.repeat(201);
const s501 = 'd'.repeat(501);
const reason1001 = 'r'.repeat(1001);

const material = (over: Vars = {}): Vars => ({ kind: 'MATERIAL', description: 'Timber', quantity: '4', unitCost: '12.50', unitRev: '20.00', ...over });
const staffInput = (over: Vars = {}): Vars => ({
  name: 'Pat Jones',
  email: `pat-${randomUUID().slice(0, 8)}@example.com`,
  wageRate: '30.00',
  chargeOutRate: '85.00',
  ...over,
});

/** A new job's id, its client's and its rev-1 cost sets' ids (`ESTIMATE`, `QUOTE`, `ACTUAL`), for the cost set and cost line cases. */
const withJob = async (ws: TestContext): Promise<Vars> => {
  const job = await ws.newJob();
  return { id: job.id, clientId: job.clientId, ...job.costSets };
};

/** The id of a new MATERIAL line on the given cost set (a new job's ESTIMATE by default), for the cost line cases. */
const newLineId = async (ws: TestContext, costSetId?: string): Promise<string> =>
  (await ws.newCostLine({ costSetId: costSetId ?? (await ws.newJob()).costSets.ESTIMATE, ...material() })).costLine.id;

/** A valid createProject input (a SCHOOL project) for `ownerId`, with `over` merged in. */
const projectInput = (ownerId: string, over: Vars = {}): Vars => ({
  name: 'Robotics club',
  ownerId,
  startDate: '2026-02-01',
  endDate: '2026-06-30',
  school: { courseName: 'Digital technology', courseCode: 'DTC-101', teacherName: 'Ms Rua' },
  ...over,
});
const owner = async (ws: TestContext): Promise<Vars> => ({ ownerId: (await ws.newStaff()).id });
const projectOf = async (ws: TestContext, kind: 'SCHOOL' | 'SELF_STUDY'): Promise<Vars> => ({ id: (await ws.newProject({ kind })).id });
/** A new SCHOOL project's id. */
const withProject = (ws: TestContext): Promise<Vars> => projectOf(ws, 'SCHOOL');
const attachmentInput = (over: Vars = {}): Vars => ({
  fileName: 'notes.pdf',
  contentType: 'application/pdf',
  size: 100,
  storageKey: 'k/notes.pdf',
  checksum: 'e'.repeat(64),
  ...over,
});

const cases: Case[] = [
  // ------------------------------------------------------------------ createClient
  { name: 'createClient: empty name', mutation: 'createClient', variables: () => ({ input: { name: '' } }), errors: [['VALIDATION', ['input', 'name']]] },
  { name: 'createClient: blank name (spaces only)', mutation: 'createClient', variables: () => ({ input: { name: '   \t ' } }), errors: [['VALIDATION', ['input', 'name']]] },
  { name: 'createClient: name of 201 characters', mutation: 'createClient', variables: () => ({ input: { name: s201 } }), errors: [['VALIDATION', ['input', 'name']]] },
  {
    name: 'createClient: name of 101 emoji with variation selectors (202 characters in PostgreSQL)',
    mutation: 'createClient',
    variables: () => ({ input: { name: '\u2764\uFE0F'.repeat(101) } }),
    errors: [['VALIDATION', ['input', 'name']]],
  },
  { name: 'createClient: name containing a NUL character', mutation: 'createClient', variables: () => ({ input: { name: 'Acme\u0000Ltd' } }), topLevel: ['BAD_USER_INPUT'] },
  {
    name: 'createClient: malformed email',
    mutation: 'createClient',
    variables: () => ({ input: { name: 'Acme', email: 'not-an-email' } }),
    errors: [['VALIDATION', ['input', 'email']]],
  },
  {
    name: 'createClient: phone of 51 characters',
    mutation: 'createClient',
    variables: () => ({ input: { name: 'Acme', phone: '1'.repeat(51) } }),
    errors: [['VALIDATION', ['input', 'phone']]],
  },
  {
    name: 'createClient: reason longer than 1000 characters',
    mutation: 'createClient',
    variables: () => ({ input: { name: 'Acme' }, reason: reason1001 }),
    errors: [['VALIDATION', ['reason']]],
  },
  { name: 'createClient: name missing from input (schema)', mutation: 'createClient', variables: () => ({ input: { email: 'a@example.com' } }), topLevel: ['BAD_USER_INPUT'] },
  { name: 'createClient: unknown input field (schema)', mutation: 'createClient', variables: () => ({ input: { name: 'Acme', vatNumber: 'GB1' } }), topLevel: ['BAD_USER_INPUT'] },

  // ------------------------------------------------------------------ updateClient
  {
    name: 'updateClient: name null',
    mutation: 'updateClient',
    setup: async (ws) => ({ id: (await ws.newClient()).id }),
    variables: (s) => ({ id: s.id, input: { name: null } }),
    errors: [['VALIDATION', ['input', 'name']]],
  },
  {
    name: 'updateClient: blank name',
    mutation: 'updateClient',
    setup: async (ws) => ({ id: (await ws.newClient()).id }),
    variables: (s) => ({ id: s.id, input: { name: '  ' } }),
    errors: [['VALIDATION', ['input', 'name']]],
  },
  {
    name: 'updateClient: malformed email',
    mutation: 'updateClient',
    setup: async (ws) => ({ id: (await ws.newClient()).id }),
    variables: (s) => ({ id: s.id, input: { email: 'a@@b' } }),
    errors: [['VALIDATION', ['input', 'email']]],
  },
  { name: 'updateClient: unknown id', mutation: 'updateClient', variables: () => ({ id: randomUUID(), input: { name: 'New' } }), errors: [['NOT_FOUND', ['id']]] },
  { name: 'updateClient: malformed id', mutation: 'updateClient', variables: () => ({ id: 'abc', input: { name: 'New' } }), errors: [['NOT_FOUND', ['id']]] },
  {
    name: 'updateClient: client of another workspace',
    mutation: 'updateClient',
    setup: async (_ws, other) => ({ id: (await (await other()).newClient()).id }),
    variables: (s) => ({ id: s.id, input: { name: 'Hijacked' } }),
    errors: [['NOT_FOUND', ['id']]],
    likeMissing: () => ({ id: MISSING, input: { name: 'Hijacked' } }),
  },
  {
    name: 'updateClient: deleted client',
    mutation: 'updateClient',
    setup: async (ws) => {
      const id = (await ws.newClient()).id;
      await ws.deleteClient(id);
      return { id };
    },
    variables: (s) => ({ id: s.id, input: { name: 'Back' } }),
    errors: [['NOT_FOUND', ['id']]],
  },

  // ------------------------------------------------------------------ deleteClient
  {
    name: 'deleteClient: client with a job',
    mutation: 'deleteClient',
    setup: async (ws) => ({ id: (await ws.newJob()).clientId }),
    variables: (s) => ({ id: s.id }),
    errors: [['IN_USE', ['id']]],
  },
  {
    name: 'deleteClient: client whose only job is soft-deleted',
    mutation: 'deleteClient',
    setup: async (ws) => {
      const job = await ws.newJob();
      await ws.deleteJob(job.id);
      return { id: job.clientId };
    },
    variables: (s) => ({ id: s.id }),
    errors: [['IN_USE', ['id']]],
  },
  {
    name: 'deleteClient: client of another workspace',
    mutation: 'deleteClient',
    setup: async (_ws, other) => ({ id: (await (await other()).newClient()).id }),
    variables: (s) => ({ id: s.id }),
    errors: [['NOT_FOUND', ['id']]],
    likeMissing: () => ({ id: MISSING }),
  },
  {
    name: 'deleteClient: already deleted',
    mutation: 'deleteClient',
    setup: async (ws) => {
      const id = (await ws.newClient()).id;
      await ws.deleteClient(id);
      return { id };
    },
    variables: (s) => ({ id: s.id }),
    errors: [['NOT_FOUND', ['id']]],
  },

  {
    name: 'updateClient: notes containing a NUL character',
    mutation: 'updateClient',
    setup: async (ws) => ({ id: (await ws.newClient()).id }),
    variables: (s) => ({ id: s.id, input: { notes: 'gate code \u0000 1234' } }),
    topLevel: ['BAD_USER_INPUT'],
  },

  // ------------------------------------------------------------------ createStaff
  { name: 'createStaff: name of 201 characters', mutation: 'createStaff', variables: () => ({ input: staffInput({ name: s201 }) }), errors: [['VALIDATION', ['input', 'name']]] },
  { name: 'createStaff: blank name', mutation: 'createStaff', variables: () => ({ input: staffInput({ name: ' ' }) }), errors: [['VALIDATION', ['input', 'name']]] },
  {
    name: 'createStaff: malformed email',
    mutation: 'createStaff',
    variables: () => ({ input: staffInput({ email: 'pat.example.com' }) }),
    errors: [['VALIDATION', ['input', 'email']]],
  },
  {
    name: 'createStaff: negative wage rate',
    mutation: 'createStaff',
    variables: () => ({ input: staffInput({ wageRate: '-1.00' }) }),
    errors: [['VALIDATION', ['input', 'wageRate']]],
  },
  {
    name: 'createStaff: wage rate with 3 decimal places',
    mutation: 'createStaff',
    variables: () => ({ input: staffInput({ wageRate: '12.505' }) }),
    errors: [['VALIDATION', ['input', 'wageRate']]],
  },
  {
    name: 'createStaff: wage rate as a JSON number with 3 decimal places',
    mutation: 'createStaff',
    variables: () => ({ input: staffInput({ wageRate: 12.345 }) }),
    errors: [['VALIDATION', ['input', 'wageRate']]],
  },
  {
    name: 'createStaff: charge-out rate of 1e10',
    mutation: 'createStaff',
    variables: () => ({ input: staffInput({ chargeOutRate: '10000000000' }) }),
    errors: [['VALIDATION', ['input', 'chargeOutRate']]],
  },
  {
    name: 'createStaff: charge-out rate as a huge JSON number (1e21)',
    mutation: 'createStaff',
    variables: () => ({ input: staffInput({ chargeOutRate: 1e21 }) }),
    errors: [['VALIDATION', ['input', 'chargeOutRate']]],
  },
  {
    name: 'createStaff: duplicate email, different case and spacing',
    mutation: 'createStaff',
    setup: async (ws) => {
      await ws.newStaff({ email: 'alice@example.com' });
      return {};
    },
    variables: () => ({ input: staffInput({ email: '  Alice@EXAMPLE.com ' }) }),
    errors: [['CONFLICT', ['input', 'email']]],
  },
  {
    name: 'createStaff: unknown manager',
    mutation: 'createStaff',
    variables: () => ({ input: staffInput({ managerId: randomUUID() }) }),
    errors: [['NOT_FOUND', ['input', 'managerId']]],
  },
  {
    name: 'createStaff: malformed managerId',
    mutation: 'createStaff',
    variables: () => ({ input: staffInput({ managerId: 'abc' }) }),
    errors: [['VALIDATION', ['input', 'managerId']]],
  },
  {
    name: 'createStaff: manager from another workspace',
    mutation: 'createStaff',
    setup: async (_ws, other) => ({ managerId: (await (await other()).newStaff()).id }),
    variables: (s) => ({ input: staffInput({ email: 'same@example.com', managerId: s.managerId }) }),
    errors: [['NOT_FOUND', ['input', 'managerId']]],
    likeMissing: () => ({ input: staffInput({ email: 'same@example.com', managerId: MISSING }) }),
  },
  {
    name: 'createStaff: deactivated manager',
    mutation: 'createStaff',
    setup: async (ws) => {
      const managerId = (await ws.newStaff()).id;
      await ws.deactivateStaff(managerId);
      return { managerId };
    },
    variables: (s) => ({ input: staffInput({ managerId: s.managerId }) }),
    errors: [['VALIDATION', ['input', 'managerId']]],
  },

  // ------------------------------------------------------------------ updateStaff
  {
    name: 'updateStaff: manager cycle (A manages B, then B as A’s manager)',
    mutation: 'updateStaff',
    setup: async (ws) => {
      const a = (await ws.newStaff({ name: 'A' })).id;
      const b = (await ws.newStaff({ name: 'B', managerId: a })).id;
      return { a, b };
    },
    variables: (s) => ({ id: s.a, input: { managerId: s.b } }),
    errors: [['VALIDATION', ['input', 'managerId']]],
  },
  {
    name: 'updateStaff: indirect manager cycle (A → B → C, then C as A’s manager)',
    mutation: 'updateStaff',
    setup: async (ws) => {
      const a = (await ws.newStaff({ name: 'A' })).id;
      const b = (await ws.newStaff({ name: 'B', managerId: a })).id;
      const c = (await ws.newStaff({ name: 'C', managerId: b })).id;
      return { a, c };
    },
    variables: (s) => ({ id: s.a, input: { managerId: s.c } }),
    errors: [['VALIDATION', ['input', 'managerId']]],
  },
  {
    name: 'updateStaff: self as manager',
    mutation: 'updateStaff',
    setup: async (ws) => ({ id: (await ws.newStaff()).id }),
    variables: (s) => ({ id: s.id, input: { managerId: s.id } }),
    errors: [['VALIDATION', ['input', 'managerId']]],
  },
  {
    name: 'updateStaff: email of another staff member, different case',
    mutation: 'updateStaff',
    setup: async (ws) => {
      await ws.newStaff({ email: 'bob@example.com' });
      return { id: (await ws.newStaff({ email: 'carol@example.com' })).id };
    },
    variables: (s) => ({ id: s.id, input: { email: 'BOB@example.COM' } }),
    errors: [['CONFLICT', ['input', 'email']]],
  },
  {
    name: 'updateStaff: negative charge-out rate',
    mutation: 'updateStaff',
    setup: async (ws) => ({ id: (await ws.newStaff()).id }),
    variables: (s) => ({ id: s.id, input: { chargeOutRate: '-0.01' } }),
    errors: [['VALIDATION', ['input', 'chargeOutRate']]],
  },
  {
    name: 'updateStaff: wage rate null',
    mutation: 'updateStaff',
    setup: async (ws) => ({ id: (await ws.newStaff()).id }),
    variables: (s) => ({ id: s.id, input: { wageRate: null } }),
    errors: [['VALIDATION', ['input', 'wageRate']]],
  },
  {
    name: 'updateStaff: active null',
    mutation: 'updateStaff',
    setup: async (ws) => ({ id: (await ws.newStaff()).id }),
    variables: (s) => ({ id: s.id, input: { active: null } }),
    errors: [['VALIDATION', ['input', 'active']]],
  },
  {
    name: 'updateStaff: staff member of another workspace',
    mutation: 'updateStaff',
    setup: async (_ws, other) => ({ id: (await (await other()).newStaff()).id }),
    variables: (s) => ({ id: s.id, input: { name: 'Moved' } }),
    errors: [['NOT_FOUND', ['id']]],
    likeMissing: () => ({ id: MISSING, input: { name: 'Moved' } }),
  },
  {
    name: 'updateStaff: reason longer than 1000 characters',
    mutation: 'updateStaff',
    setup: async (ws) => ({ id: (await ws.newStaff()).id }),
    variables: (s) => ({ id: s.id, input: { name: 'Renamed' }, reason: reason1001 }),
    errors: [['VALIDATION', ['reason']]],
  },

  // ------------------------------------------------------------------ createJob
  {
    name: 'createJob: empty name',
    mutation: 'createJob',
    setup: async (ws) => ({ clientId: (await ws.newClient()).id }),
    variables: (s) => ({ input: { name: '', clientId: s.clientId } }),
    errors: [['VALIDATION', ['input', 'name']]],
  },
  {
    name: 'createJob: name of 201 characters',
    mutation: 'createJob',
    setup: async (ws) => ({ clientId: (await ws.newClient()).id }),
    variables: (s) => ({ input: { name: s201, clientId: s.clientId } }),
    errors: [['VALIDATION', ['input', 'name']]],
  },
  {
    name: 'createJob: unknown clientId (valid UUID)',
    mutation: 'createJob',
    variables: () => ({ input: { name: 'Job', clientId: randomUUID() } }),
    errors: [['NOT_FOUND', ['input', 'clientId']]],
  },
  { name: 'createJob: malformed clientId', mutation: 'createJob', variables: () => ({ input: { name: 'Job', clientId: 'abc' } }), errors: [['VALIDATION', ['input', 'clientId']]] },
  {
    name: 'createJob: clientId from another workspace',
    mutation: 'createJob',
    setup: async (_ws, other) => ({ clientId: (await (await other()).newClient()).id }),
    variables: (s) => ({ input: { name: 'Job', clientId: s.clientId } }),
    errors: [['NOT_FOUND', ['input', 'clientId']]],
    likeMissing: () => ({ input: { name: 'Job', clientId: MISSING } }),
  },
  {
    name: 'createJob: deleted client',
    mutation: 'createJob',
    setup: async (ws) => {
      const clientId = (await ws.newClient()).id;
      await ws.deleteClient(clientId);
      return { clientId };
    },
    variables: (s) => ({ input: { name: 'Job', clientId: s.clientId } }),
    errors: [['NOT_FOUND', ['input', 'clientId']]],
  },
  {
    name: 'createJob: deactivated assignee',
    mutation: 'createJob',
    setup: async (ws) => {
      const assigneeId = (await ws.newStaff()).id;
      await ws.deactivateStaff(assigneeId);
      return { clientId: (await ws.newClient()).id, assigneeId };
    },
    variables: (s) => ({ input: { name: 'Job', clientId: s.clientId, assigneeId: s.assigneeId } }),
    errors: [['VALIDATION', ['input', 'assigneeId']]],
  },
  {
    name: 'createJob: assignee from another workspace',
    mutation: 'createJob',
    setup: async (ws, other) => ({ clientId: (await ws.newClient()).id, assigneeId: (await (await other()).newStaff()).id }),
    variables: (s) => ({ input: { name: 'Job', clientId: s.clientId, assigneeId: s.assigneeId } }),
    errors: [['NOT_FOUND', ['input', 'assigneeId']]],
    likeMissing: (s) => ({ input: { name: 'Job', clientId: s.clientId, assigneeId: MISSING } }),
  },
  {
    name: 'createJob: description longer than 10,000 characters',
    mutation: 'createJob',
    setup: async (ws) => ({ clientId: (await ws.newClient()).id }),
    variables: (s) => ({ input: { name: 'Job', clientId: s.clientId, description: 'd'.repeat(10_001) } }),
    errors: [['VALIDATION', ['input', 'description']]],
  },
  {
    name: 'createJob: description containing a NUL character',
    mutation: 'createJob',
    setup: async (ws) => ({ clientId: (await ws.newClient()).id }),
    variables: (s) => ({ input: { name: 'Job', clientId: s.clientId, description: 'line 1\u0000line 2' } }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'createJob: Date "2026-13-45" (schema)',
    mutation: 'createJob',
    setup: async (ws) => ({ clientId: (await ws.newClient()).id }),
    variables: (s) => ({ input: { name: 'Job', clientId: s.clientId, deadline: '2026-13-45' } }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'createJob: Date "2026-02-30" (schema)',
    mutation: 'createJob',
    setup: async (ws) => ({ clientId: (await ws.newClient()).id }),
    variables: (s) => ({ input: { name: 'Job', clientId: s.clientId, deadline: '2026-02-30' } }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'createJob: unknown priority in variables (schema)',
    mutation: 'createJob',
    setup: async (ws) => ({ clientId: (await ws.newClient()).id }),
    variables: (s) => ({ input: { name: 'Job', clientId: s.clientId, priority: 'SUPER_URGENT' } }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'createJob: unknown priority as an inline literal (schema)',
    mutation: 'createJob',
    document: `mutation Bad($clientId: ID!) { createJob(input: { name: "Job", clientId: $clientId, priority: SUPER_URGENT }) { ${selection('createJob')} } }`,
    setup: async (ws) => ({ clientId: (await ws.newClient()).id }),
    variables: (s) => ({ clientId: s.clientId }),
    topLevel: ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'],
  },

  // ------------------------------------------------------------------ updateJob
  {
    name: 'updateJob: clientId from another workspace',
    mutation: 'updateJob',
    setup: async (ws, other) => ({ id: (await ws.newJob()).id, clientId: (await (await other()).newClient()).id }),
    variables: (s) => ({ id: s.id, input: { clientId: s.clientId } }),
    errors: [['NOT_FOUND', ['input', 'clientId']]],
    likeMissing: (s) => ({ id: s.id, input: { clientId: MISSING } }),
  },
  {
    name: 'updateJob: clientId null',
    mutation: 'updateJob',
    setup: async (ws) => ({ id: (await ws.newJob()).id }),
    variables: (s) => ({ id: s.id, input: { clientId: null } }),
    errors: [['VALIDATION', ['input', 'clientId']]],
  },
  {
    name: 'updateJob: priority null',
    mutation: 'updateJob',
    setup: async (ws) => ({ id: (await ws.newJob()).id }),
    variables: (s) => ({ id: s.id, input: { priority: null } }),
    errors: [['VALIDATION', ['input', 'priority']]],
  },
  {
    name: 'updateJob: deactivated assignee',
    mutation: 'updateJob',
    setup: async (ws) => {
      const assigneeId = (await ws.newStaff()).id;
      await ws.deactivateStaff(assigneeId);
      return { id: (await ws.newJob()).id, assigneeId };
    },
    variables: (s) => ({ id: s.id, input: { assigneeId: s.assigneeId } }),
    errors: [['VALIDATION', ['input', 'assigneeId']]],
  },
  {
    name: 'updateJob: blank name',
    mutation: 'updateJob',
    setup: async (ws) => ({ id: (await ws.newJob()).id }),
    variables: (s) => ({ id: s.id, input: { name: ' ' } }),
    errors: [['VALIDATION', ['input', 'name']]],
  },
  {
    name: 'updateJob: Date "2026-00-10" (schema)',
    mutation: 'updateJob',
    setup: async (ws) => ({ id: (await ws.newJob()).id }),
    variables: (s) => ({ id: s.id, input: { deadline: '2026-00-10' } }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'updateJob: soft-deleted job',
    mutation: 'updateJob',
    setup: async (ws) => {
      const { id } = await ws.newJob();
      await ws.deleteJob(id);
      return { id };
    },
    variables: (s) => ({ id: s.id, input: { name: 'Revived' } }),
    errors: [['NOT_FOUND', ['id']]],
  },

  // ------------------------------------------------------------------ changeJobStatus
  {
    name: 'changeJobStatus: DRAFT → COMPLETED',
    mutation: 'changeJobStatus',
    setup: async (ws) => ({ id: (await ws.newJob()).id }),
    variables: (s) => ({ id: s.id, status: 'COMPLETED' }),
    errors: [['INVALID_STATUS_TRANSITION', ['status']]],
  },
  {
    name: 'changeJobStatus: DRAFT → DRAFT',
    mutation: 'changeJobStatus',
    setup: async (ws) => ({ id: (await ws.newJob()).id }),
    variables: (s) => ({ id: s.id, status: 'DRAFT' }),
    errors: [['INVALID_STATUS_TRANSITION', ['status']]],
  },
  {
    name: 'changeJobStatus: job of another workspace',
    mutation: 'changeJobStatus',
    setup: async (_ws, other) => ({ id: (await (await other()).newJob()).id }),
    variables: (s) => ({ id: s.id, status: 'AWAITING_APPROVAL' }),
    errors: [['NOT_FOUND', ['id']]],
    likeMissing: () => ({ id: MISSING, status: 'AWAITING_APPROVAL' }),
  },
  {
    name: 'changeJobStatus: soft-deleted job',
    mutation: 'changeJobStatus',
    setup: async (ws) => {
      const { id } = await ws.newJob();
      await ws.deleteJob(id);
      return { id };
    },
    variables: (s) => ({ id: s.id, status: 'AWAITING_APPROVAL' }),
    errors: [['NOT_FOUND', ['id']]],
  },
  {
    name: 'changeJobStatus: unknown status value (schema)',
    mutation: 'changeJobStatus',
    setup: async (ws) => ({ id: (await ws.newJob()).id }),
    variables: (s) => ({ id: s.id, status: 'DONE' }),
    topLevel: ['BAD_USER_INPUT'],
  },

  // ------------------------------------------------------------------ deleteJob / restoreJob
  {
    name: 'deleteJob: IN_PROGRESS job',
    mutation: 'deleteJob',
    setup: async (ws) => {
      const { id } = await ws.newJob();
      await ws.moveJob(id, 'AWAITING_APPROVAL', 'APPROVED', 'IN_PROGRESS');
      return { id };
    },
    variables: (s) => ({ id: s.id }),
    errors: [['NOT_DELETABLE', ['id']]],
  },
  {
    name: 'deleteJob: DRAFT job with actual cost',
    mutation: 'deleteJob',
    setup: async (ws) => {
      const job = await ws.newJob();
      await newLineId(ws, job.costSets.ACTUAL);
      return { id: job.id };
    },
    variables: (s) => ({ id: s.id }),
    errors: [['NOT_DELETABLE', ['id']]],
  },
  {
    name: 'deleteJob: already deleted',
    mutation: 'deleteJob',
    setup: async (ws) => {
      const { id } = await ws.newJob();
      await ws.deleteJob(id);
      return { id };
    },
    variables: (s) => ({ id: s.id }),
    errors: [['NOT_FOUND', ['id']]],
  },
  { name: 'deleteJob: malformed id', mutation: 'deleteJob', variables: () => ({ id: 'abc' }), errors: [['NOT_FOUND', ['id']]] },
  {
    name: 'restoreJob: job that is not deleted',
    mutation: 'restoreJob',
    setup: async (ws) => ({ id: (await ws.newJob()).id }),
    variables: (s) => ({ id: s.id }),
    errors: [['VALIDATION', ['id']]],
  },
  {
    name: 'restoreJob: deleted job of another workspace',
    mutation: 'restoreJob',
    setup: async (_ws, other) => {
      const o = await other();
      const { id } = await o.newJob();
      await o.deleteJob(id);
      return { id };
    },
    variables: (s) => ({ id: s.id }),
    errors: [['NOT_FOUND', ['id']]],
    likeMissing: () => ({ id: MISSING }),
  },

  // ------------------------------------------------------------------ addCostLine
  {
    name: 'addCostLine: TIME line without staffId',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ACTUAL, input: { kind: 'TIME', description: 'Fitting', quantity: '2' } }),
    errors: [['VALIDATION', ['input', 'staffId']]],
  },
  {
    name: 'addCostLine: TIME line with quantity 0',
    mutation: 'addCostLine',
    setup: async (ws) => ({ ...(await withJob(ws)), staffId: (await ws.newStaff()).id }),
    variables: (s) => ({ costSetId: s.ACTUAL, input: { kind: 'TIME', description: 'Fitting', quantity: '0', staffId: s.staffId } }),
    errors: [['VALIDATION', ['input', 'quantity']]],
  },
  {
    name: 'addCostLine: TIME line with a staff member of another workspace',
    mutation: 'addCostLine',
    setup: async (ws, other) => ({ ...(await withJob(ws)), staffId: (await (await other()).newStaff()).id }),
    variables: (s) => ({ costSetId: s.ACTUAL, input: { kind: 'TIME', description: 'Fitting', quantity: '1', staffId: s.staffId } }),
    errors: [['NOT_FOUND', ['input', 'staffId']]],
    likeMissing: (s) => ({ costSetId: s.ACTUAL, input: { kind: 'TIME', description: 'Fitting', quantity: '1', staffId: MISSING } }),
  },
  {
    name: 'addCostLine: malformed staffId',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ACTUAL, input: { kind: 'TIME', description: 'Fitting', quantity: '1', staffId: 'abc' } }),
    errors: [['VALIDATION', ['input', 'staffId']]],
  },
  {
    name: 'addCostLine: MATERIAL line with negative quantity',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ quantity: '-2' }) }),
    errors: [['VALIDATION', ['input', 'quantity']]],
  },
  {
    name: 'addCostLine: ADJUSTMENT line with quantity 0',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ACTUAL, input: material({ kind: 'ADJUSTMENT', quantity: '0.000' }) }),
    errors: [['VALIDATION', ['input', 'quantity']]],
  },
  {
    name: 'addCostLine: quantity with 4 decimal places',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ quantity: '1.2345' }) }),
    errors: [['VALIDATION', ['input', 'quantity']]],
  },
  {
    name: 'addCostLine: quantity as a JSON number in exponent form (1e-7)',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ quantity: 1e-7 }) }),
    errors: [['VALIDATION', ['input', 'quantity']]],
  },
  {
    name: 'addCostLine: MATERIAL line without unitCost',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: { kind: 'MATERIAL', description: 'Timber', quantity: '4', unitRev: '20.00' } }),
    errors: [['VALIDATION', ['input', 'unitCost']]],
  },
  {
    name: 'addCostLine: ADJUSTMENT line without unitCost and unitRev',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ACTUAL, input: { kind: 'ADJUSTMENT', description: 'Credit', quantity: '-1' } }),
    errors: [
      ['VALIDATION', ['input', 'unitCost']],
      ['VALIDATION', ['input', 'unitRev']],
    ],
  },
  {
    name: 'addCostLine: negative unitCost',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ unitCost: '-12.50' }) }),
    errors: [['VALIDATION', ['input', 'unitCost']]],
  },
  {
    name: 'addCostLine: unitRev with 3 decimal places',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ unitRev: '20.005' }) }),
    errors: [['VALIDATION', ['input', 'unitRev']]],
  },
  {
    name: 'addCostLine: quantity × unitCost of 1e10 or more',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ quantity: '100000', unitCost: '100000.00', unitRev: '1.00' }) }),
    errors: [['VALIDATION', ['input', 'quantity']]],
  },
  {
    name: 'addCostLine: extRefs as an array',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ extRefs: ['xero', 'INV-1'] }) }),
    errors: [['VALIDATION', ['input', 'extRefs']]],
  },
  {
    name: 'addCostLine: meta as a string',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ meta: 'colour=red' }) }),
    errors: [['VALIDATION', ['input', 'meta']]],
  },
  {
    name: 'addCostLine: meta as a number',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ meta: 42 }) }),
    errors: [['VALIDATION', ['input', 'meta']]],
  },
  {
    name: 'addCostLine: meta larger than 16 KiB',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ meta: { blob: 'm'.repeat(17_000) } }) }),
    errors: [['VALIDATION', ['input', 'meta']]],
  },
  {
    name: 'addCostLine: description of 501 characters',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ description: s501 }) }),
    errors: [['VALIDATION', ['input', 'description']]],
  },
  {
    name: 'addCostLine: description of 251 emoji with variation selectors (502 characters in PostgreSQL)',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ description: '\u2764\uFE0F'.repeat(251) }) }),
    errors: [['VALIDATION', ['input', 'description']]],
  },
  {
    name: 'addCostLine: meta containing a NUL character',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ meta: { note: 'a\u0000b' } }) }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'addCostLine: extRefs with an unpaired UTF-16 surrogate',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ extRefs: { xero: 'INV-\uD800' } }) }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'addCostLine: blank description',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ description: '   ' }) }),
    errors: [['VALIDATION', ['input', 'description']]],
  },
  { name: 'addCostLine: unknown cost set', mutation: 'addCostLine', variables: () => ({ costSetId: randomUUID(), input: material() }), errors: [['NOT_FOUND', ['costSetId']]] },
  {
    name: 'addCostLine: cost set of another workspace',
    mutation: 'addCostLine',
    setup: async (_ws, other) => ({ costSetId: (await (await other()).newJob()).costSets.ESTIMATE }),
    variables: (s) => ({ costSetId: s.costSetId, input: material() }),
    errors: [['NOT_FOUND', ['costSetId']]],
    likeMissing: () => ({ costSetId: MISSING, input: material() }),
  },
  {
    name: 'addCostLine: cost set of a soft-deleted job',
    mutation: 'addCostLine',
    setup: async (ws) => {
      const job = await withJob(ws);
      await ws.deleteJob(job.id);
      return job;
    },
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material() }),
    errors: [['NOT_FOUND', ['costSetId']]],
  },
  {
    name: 'addCostLine: Decimal "12,50" (schema)',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ unitCost: '12,50' }) }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'addCostLine: Decimal "abc" (schema)',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ quantity: 'abc' }) }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'addCostLine: accountingDate "2026-13-45" (schema)',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ accountingDate: '2026-13-45' }) }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'addCostLine: unknown line kind in variables (schema)',
    mutation: 'addCostLine',
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE, input: material({ kind: 'LABOUR' }) }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'addCostLine: Decimal "12,50" as an inline literal (schema)',
    mutation: 'addCostLine',
    document: `mutation Bad($costSetId: ID!) { addCostLine(costSetId: $costSetId, input: { kind: MATERIAL, description: "Timber", quantity: "1", unitCost: "12,50", unitRev: "1" }) { ${selection('addCostLine')} } }`,
    setup: withJob,
    variables: (s) => ({ costSetId: s.ESTIMATE }),
    topLevel: ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'],
  },

  // ------------------------------------------------------------------ createCostSet
  {
    name: 'createCostSet: 3rd of 3 lines has quantity 0 (all or nothing)',
    mutation: 'createCostSet',
    setup: async (ws) => ({ ...(await withJob(ws)), staffId: (await ws.newStaff()).id }),
    variables: (s) => ({
      input: {
        jobId: s.id,
        kind: 'ESTIMATE',
        lines: [
          material(),
          { kind: 'TIME', description: 'Fitting', quantity: '3', staffId: s.staffId },
          { kind: 'TIME', description: 'Snagging', quantity: '0', staffId: s.staffId },
        ],
      },
    }),
    errors: [['VALIDATION', ['input', 'lines', '2', 'quantity']]],
  },
  {
    name: 'createCostSet: 3rd of 3 lines has a blank description',
    mutation: 'createCostSet',
    setup: withJob,
    variables: (s) => ({ input: { jobId: s.id, kind: 'QUOTE', lines: [material(), material(), material({ description: ' ' })] } }),
    errors: [['VALIDATION', ['input', 'lines', '2', 'description']]],
  },
  {
    name: 'createCostSet: 3rd of 3 lines is a TIME line without staffId',
    mutation: 'createCostSet',
    setup: withJob,
    variables: (s) => ({ input: { jobId: s.id, kind: 'ACTUAL', lines: [material(), material(), { kind: 'TIME', description: 'Hours', quantity: '1' }] } }),
    errors: [['VALIDATION', ['input', 'lines', '2', 'staffId']]],
  },
  {
    name: 'createCostSet: 1st and 3rd lines break field rules, both reported',
    mutation: 'createCostSet',
    setup: withJob,
    variables: (s) => ({
      input: { jobId: s.id, kind: 'ESTIMATE', lines: [material({ extRefs: [1] }), material(), material({ description: '' })] },
    }),
    errors: [
      ['VALIDATION', ['input', 'lines', '0', 'extRefs']],
      ['VALIDATION', ['input', 'lines', '2', 'description']],
    ],
  },
  {
    name: 'createCostSet: 1st and 3rd lines break kind rules, both reported',
    mutation: 'createCostSet',
    setup: withJob,
    variables: (s) => ({
      input: {
        jobId: s.id,
        kind: 'ACTUAL',
        lines: [{ kind: 'TIME', description: 'Hours', quantity: '1' }, material(), material({ unitCost: null })],
      },
    }),
    errors: [
      ['VALIDATION', ['input', 'lines', '0', 'staffId']],
      ['VALIDATION', ['input', 'lines', '2', 'unitCost']],
    ],
  },
  {
    name: 'createCostSet: a null line (schema)',
    mutation: 'createCostSet',
    setup: withJob,
    variables: (s) => ({ input: { jobId: s.id, kind: 'QUOTE', lines: [material(), null] } }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    // Each line fits, but their sum does not fit the summary column: refused by the database and mapped to VALIDATION.
    name: 'createCostSet: lines whose sum overflows the cost set summary',
    mutation: 'createCostSet',
    setup: withJob,
    variables: (s) => ({
      input: { jobId: s.id, kind: 'ESTIMATE', lines: Array.from({ length: 101 }, () => material({ quantity: '1', unitCost: '9999999999.99', unitRev: '1' })) },
    }),
    errors: [['VALIDATION', ['input']]],
  },
  {
    name: 'createCostSet: copying lines, with the 3rd new line bad',
    mutation: 'createCostSet',
    setup: async (ws) => {
      const job = await withJob(ws);
      await newLineId(ws, job.ESTIMATE);
      await newLineId(ws, job.ESTIMATE);
      return job;
    },
    variables: (s) => ({ input: { jobId: s.id, kind: 'ESTIMATE', copyFromId: s.ESTIMATE, lines: [material(), material(), material({ kind: 'ADJUSTMENT', quantity: '0' })] } }),
    errors: [['VALIDATION', ['input', 'lines', '2', 'quantity']]],
  },
  {
    name: 'createCostSet: copyFromId is a cost set of another job',
    mutation: 'createCostSet',
    setup: async (ws) => {
      const job = await ws.newJob();
      const otherJob = await ws.newJob({ clientId: job.clientId });
      await newLineId(ws, otherJob.costSets.ESTIMATE);
      return { id: job.id, copyFromId: otherJob.costSets.ESTIMATE };
    },
    variables: (s) => ({ input: { jobId: s.id, kind: 'ESTIMATE', copyFromId: s.copyFromId } }),
    errors: [['NOT_FOUND', ['input', 'copyFromId']]],
  },
  {
    name: 'createCostSet: copyFromId is a cost set of another workspace',
    mutation: 'createCostSet',
    setup: async (ws, other) => {
      const job = await ws.newJob();
      const o = await other();
      const foreign = await o.newJob();
      await newLineId(o, foreign.costSets.ESTIMATE);
      return { id: job.id, copyFromId: foreign.costSets.ESTIMATE };
    },
    variables: (s) => ({ input: { jobId: s.id, kind: 'ESTIMATE', copyFromId: s.copyFromId } }),
    errors: [['NOT_FOUND', ['input', 'copyFromId']]],
    likeMissing: (s) => ({ input: { jobId: s.id, kind: 'ESTIMATE', copyFromId: MISSING } }),
  },
  {
    name: 'createCostSet: unknown jobId',
    mutation: 'createCostSet',
    variables: () => ({ input: { jobId: randomUUID(), kind: 'QUOTE' } }),
    errors: [['NOT_FOUND', ['input', 'jobId']]],
  },
  {
    name: 'createCostSet: malformed jobId',
    mutation: 'createCostSet',
    variables: () => ({ input: { jobId: 'abc', kind: 'QUOTE' } }),
    errors: [['VALIDATION', ['input', 'jobId']]],
  },
  {
    name: 'createCostSet: job of another workspace',
    mutation: 'createCostSet',
    setup: async (_ws, other) => ({ jobId: (await (await other()).newJob()).id }),
    variables: (s) => ({ input: { jobId: s.jobId, kind: 'QUOTE' } }),
    errors: [['NOT_FOUND', ['input', 'jobId']]],
    likeMissing: () => ({ input: { jobId: MISSING, kind: 'QUOTE' } }),
  },
  {
    name: 'createCostSet: unknown kind as an inline literal (schema)',
    mutation: 'createCostSet',
    document: `mutation Bad($jobId: ID!) { createCostSet(input: { jobId: $jobId, kind: FORECAST }) { ${selection('createCostSet')} } }`,
    setup: async (ws) => ({ jobId: (await ws.newJob()).id }),
    variables: (s) => ({ jobId: s.jobId }),
    topLevel: ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'],
  },
  {
    name: 'createCostSet: reason longer than 1000 characters',
    mutation: 'createCostSet',
    setup: withJob,
    variables: (s) => ({ input: { jobId: s.id, kind: 'QUOTE', lines: [material()] }, reason: reason1001 }),
    errors: [['VALIDATION', ['reason']]],
  },

  // ------------------------------------------------------------------ updateCostLine
  {
    name: 'updateCostLine: quantity with 4 decimal places',
    mutation: 'updateCostLine',
    setup: async (ws) => ({ id: await newLineId(ws) }),
    variables: (s) => ({ id: s.id, input: { quantity: '2.0001' } }),
    errors: [['VALIDATION', ['input', 'quantity']]],
  },
  {
    name: 'updateCostLine: MATERIAL quantity to negative',
    mutation: 'updateCostLine',
    setup: async (ws) => ({ id: await newLineId(ws) }),
    variables: (s) => ({ id: s.id, input: { quantity: '-1' } }),
    errors: [['VALIDATION', ['input', 'quantity']]],
  },
  {
    name: 'updateCostLine: ADJUSTMENT quantity to 0',
    mutation: 'updateCostLine',
    setup: async (ws) => ({
      id: (await ws.newCostLine({ costSetId: (await ws.newJob()).costSets.ACTUAL, ...material({ kind: 'ADJUSTMENT', quantity: '-1' }) })).costLine.id,
    }),
    variables: (s) => ({ id: s.id, input: { quantity: '0' } }),
    errors: [['VALIDATION', ['input', 'quantity']]],
  },
  {
    name: 'updateCostLine: TIME line staffId to null',
    mutation: 'updateCostLine',
    setup: async (ws) => ({ id: (await ws.newCostLine({ costSetId: (await ws.newJob()).costSets.ACTUAL, kind: 'TIME' })).costLine.id }),
    variables: (s) => ({ id: s.id, input: { staffId: null } }),
    errors: [['VALIDATION', ['input', 'staffId']]],
  },
  {
    name: 'updateCostLine: TIME line to a staff member of another workspace',
    mutation: 'updateCostLine',
    setup: async (ws, other) => ({
      id: (await ws.newCostLine({ costSetId: (await ws.newJob()).costSets.ACTUAL, kind: 'TIME' })).costLine.id,
      staffId: (await (await other()).newStaff()).id,
    }),
    variables: (s) => ({ id: s.id, input: { staffId: s.staffId } }),
    errors: [['NOT_FOUND', ['input', 'staffId']]],
    likeMissing: (s) => ({ id: s.id, input: { staffId: MISSING } }),
  },
  {
    name: 'updateCostLine: negative unitRev',
    mutation: 'updateCostLine',
    setup: async (ws) => ({ id: await newLineId(ws) }),
    variables: (s) => ({ id: s.id, input: { unitRev: '-5' } }),
    errors: [['VALIDATION', ['input', 'unitRev']]],
  },
  {
    name: 'updateCostLine: unitCost null',
    mutation: 'updateCostLine',
    setup: async (ws) => ({ id: await newLineId(ws) }),
    variables: (s) => ({ id: s.id, input: { unitCost: null } }),
    errors: [['VALIDATION', ['input', 'unitCost']]],
  },
  {
    name: 'updateCostLine: extRefs null',
    mutation: 'updateCostLine',
    setup: async (ws) => ({ id: await newLineId(ws) }),
    variables: (s) => ({ id: s.id, input: { extRefs: null } }),
    errors: [['VALIDATION', ['input', 'extRefs']]],
  },
  {
    name: 'updateCostLine: meta as an array',
    mutation: 'updateCostLine',
    setup: async (ws) => ({ id: await newLineId(ws) }),
    variables: (s) => ({ id: s.id, input: { meta: [{ a: 1 }] } }),
    errors: [['VALIDATION', ['input', 'meta']]],
  },
  {
    name: 'updateCostLine: description of 501 characters',
    mutation: 'updateCostLine',
    setup: async (ws) => ({ id: await newLineId(ws) }),
    variables: (s) => ({ id: s.id, input: { description: s501 } }),
    errors: [['VALIDATION', ['input', 'description']]],
  },
  {
    name: 'updateCostLine: description of 251 emoji with variation selectors',
    mutation: 'updateCostLine',
    setup: async (ws) => ({ id: await newLineId(ws) }),
    variables: (s) => ({ id: s.id, input: { description: '\u2764\uFE0F'.repeat(251) } }),
    errors: [['VALIDATION', ['input', 'description']]],
  },
  {
    name: 'updateCostLine: meta key containing a NUL character',
    mutation: 'updateCostLine',
    setup: async (ws) => ({ id: await newLineId(ws) }),
    variables: (s) => ({ id: s.id, input: { meta: { ['k\u0000']: 1 } } }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'updateCostLine: accountingDate null',
    mutation: 'updateCostLine',
    setup: async (ws) => ({ id: await newLineId(ws) }),
    variables: (s) => ({ id: s.id, input: { accountingDate: null } }),
    errors: [['VALIDATION', ['input', 'accountingDate']]],
  },
  {
    name: 'updateCostLine: line of another workspace',
    mutation: 'updateCostLine',
    setup: async (_ws, other) => {
      const o = await other();
      return { id: await newLineId(o) };
    },
    variables: (s) => ({ id: s.id, input: { quantity: '99' } }),
    errors: [['NOT_FOUND', ['id']]],
    likeMissing: () => ({ id: MISSING, input: { quantity: '99' } }),
  },
  {
    name: 'updateCostLine: line of a soft-deleted job',
    mutation: 'updateCostLine',
    setup: async (ws) => {
      const job = await ws.newJob();
      const id = await newLineId(ws, job.costSets.ESTIMATE);
      await ws.deleteJob(job.id);
      return { id };
    },
    variables: (s) => ({ id: s.id, input: { quantity: '99' } }),
    errors: [['NOT_FOUND', ['id']]],
  },
  {
    name: 'updateCostLine: Decimal "abc" (schema)',
    mutation: 'updateCostLine',
    setup: async (ws) => ({ id: await newLineId(ws) }),
    variables: (s) => ({ id: s.id, input: { unitCost: 'abc' } }),
    topLevel: ['BAD_USER_INPUT'],
  },

  // ------------------------------------------------------------------ deleteCostLine
  { name: 'deleteCostLine: unknown id', mutation: 'deleteCostLine', variables: () => ({ id: randomUUID() }), errors: [['NOT_FOUND', ['id']]] },
  { name: 'deleteCostLine: malformed id', mutation: 'deleteCostLine', variables: () => ({ id: 'abc' }), errors: [['NOT_FOUND', ['id']]] },
  {
    name: 'deleteCostLine: line of another workspace',
    mutation: 'deleteCostLine',
    setup: async (_ws, other) => {
      const o = await other();
      return { id: await newLineId(o) };
    },
    variables: (s) => ({ id: s.id }),
    errors: [['NOT_FOUND', ['id']]],
    likeMissing: () => ({ id: MISSING }),
  },
  {
    name: 'deleteCostLine: line of a soft-deleted job',
    mutation: 'deleteCostLine',
    setup: async (ws) => {
      const job = await ws.newJob();
      const id = await newLineId(ws, job.costSets.ESTIMATE);
      await ws.deleteJob(job.id);
      return { id };
    },
    variables: (s) => ({ id: s.id }),
    errors: [['NOT_FOUND', ['id']]],
  },
  {
    name: 'deleteCostLine: reason longer than 1000 characters',
    mutation: 'deleteCostLine',
    setup: async (ws) => ({ id: await newLineId(ws) }),
    variables: (s) => ({ id: s.id, reason: reason1001 }),
    errors: [['VALIDATION', ['reason']]],
  },

  // ------------------------------------------------------------------ createProject
  ...(
    [
      [
        'no details (neither school nor selfStudy)',
        (o: string) => projectInput(o, { school: undefined }),
        [
          ['VALIDATION', ['input', 'school']],
          ['VALIDATION', ['input', 'selfStudy']],
        ],
      ],
      [
        'both school and selfStudy',
        (o: string) => projectInput(o, { selfStudy: { goalDescription: 'g', studyFrequency: 'daily' } }),
        [
          ['VALIDATION', ['input', 'school']],
          ['VALIDATION', ['input', 'selfStudy']],
        ],
      ],
      ['blank name', (o: string) => projectInput(o, { name: '  ' }), [['VALIDATION', ['input', 'name']]]],
      ['name of 201 characters', (o: string) => projectInput(o, { name: s201 }), [['VALIDATION', ['input', 'name']]]],
      ['blank courseName', (o: string) => projectInput(o, { school: { courseName: ' ', courseCode: 'C', teacherName: 'T' } }), [['VALIDATION', ['input', 'school', 'courseName']]]],
      [
        'courseName of 201 characters',
        (o: string) => projectInput(o, { school: { courseName: s201, courseCode: 'C', teacherName: 'T' } }),
        [['VALIDATION', ['input', 'school', 'courseName']]],
      ],
      [
        'courseCode of 51 characters',
        (o: string) => projectInput(o, { school: { courseName: 'C', courseCode: 'c'.repeat(51), teacherName: 'T' } }),
        [['VALIDATION', ['input', 'school', 'courseCode']]],
      ],
      [
        'blank teacherName',
        (o: string) => projectInput(o, { school: { courseName: 'C', courseCode: 'C', teacherName: '' } }),
        [['VALIDATION', ['input', 'school', 'teacherName']]],
      ],
      [
        'blank goalDescription',
        (o: string) => projectInput(o, { school: undefined, selfStudy: { goalDescription: '  ', studyFrequency: 'daily' } }),
        [['VALIDATION', ['input', 'selfStudy', 'goalDescription']]],
      ],
      [
        'studyFrequency of 51 characters',
        (o: string) => projectInput(o, { school: undefined, selfStudy: { goalDescription: 'g', studyFrequency: 'f'.repeat(51) } }),
        [['VALIDATION', ['input', 'selfStudy', 'studyFrequency']]],
      ],
      ['end before start', (o: string) => projectInput(o, { startDate: '2026-06-30', endDate: '2026-02-01' }), [['VALIDATION', ['input', 'endDate']]]],
      ['unknown owner', () => projectInput(MISSING), [['NOT_FOUND', ['input', 'ownerId']]]],
      ['malformed ownerId', () => projectInput('abc'), [['VALIDATION', ['input', 'ownerId']]]],
    ] as Array<[string, (ownerId: string) => Vars, Array<[string, Path]>]>
  ).map(([label, input, errors]): Case => ({ name: `createProject: ${label}`, mutation: 'createProject', setup: owner, variables: (s) => ({ input: input(s.ownerId) }), errors })),
  {
    name: 'createProject: owner of another workspace',
    mutation: 'createProject',
    setup: async (_ws, other) => ({ ownerId: (await (await other()).newStaff()).id }),
    variables: (s) => ({ input: projectInput(s.ownerId) }),
    errors: [['NOT_FOUND', ['input', 'ownerId']]],
    likeMissing: () => ({ input: projectInput(MISSING) }),
  },
  {
    name: 'createProject: deactivated owner',
    mutation: 'createProject',
    setup: async (ws) => {
      const s = await owner(ws);
      await ws.deactivateStaff(s.ownerId);
      return s;
    },
    variables: (s) => ({ input: projectInput(s.ownerId) }),
    errors: [['VALIDATION', ['input', 'ownerId']]],
  },
  {
    name: 'createProject: school details missing courseCode (schema)',
    mutation: 'createProject',
    setup: owner,
    variables: (s) => ({ input: projectInput(s.ownerId, { school: { courseName: 'C', teacherName: 'T' } }) }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'createProject: no startDate (schema)',
    mutation: 'createProject',
    setup: owner,
    variables: (s) => ({ input: projectInput(s.ownerId, { startDate: undefined }) }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'createProject: a date that does not exist (schema)',
    mutation: 'createProject',
    setup: owner,
    variables: (s) => ({ input: projectInput(s.ownerId, { endDate: '2026-02-30' }) }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'createProject: a kind field (schema: the kind follows from the details)',
    mutation: 'createProject',
    setup: owner,
    variables: (s) => ({ input: projectInput(s.ownerId, { kind: 'SCHOOL' }) }),
    topLevel: ['BAD_USER_INPUT'],
  },

  // ------------------------------------------------------------------ updateProject
  {
    name: "updateProject: the other kind's details (a SCHOOL project)",
    mutation: 'updateProject',
    setup: (ws) => projectOf(ws, 'SCHOOL'),
    variables: (s) => ({ id: s.id, input: { selfStudy: { goalDescription: 'g' } } }),
    errors: [['VALIDATION', ['input', 'selfStudy']]],
  },
  {
    name: "updateProject: the other kind's details (a SELF_STUDY project)",
    mutation: 'updateProject',
    setup: (ws) => projectOf(ws, 'SELF_STUDY'),
    variables: (s) => ({ id: s.id, input: { name: 'Fine', school: { courseName: 'x' } } }),
    errors: [['VALIDATION', ['input', 'school']]],
  },
  {
    name: 'updateProject: name null',
    mutation: 'updateProject',
    setup: withProject,
    variables: (s) => ({ id: s.id, input: { name: null } }),
    errors: [['VALIDATION', ['input', 'name']]],
  },
  {
    name: 'updateProject: startDate null',
    mutation: 'updateProject',
    setup: withProject,
    variables: (s) => ({ id: s.id, input: { startDate: null } }),
    errors: [['VALIDATION', ['input', 'startDate']]],
  },
  {
    name: 'updateProject: courseName null',
    mutation: 'updateProject',
    setup: withProject,
    variables: (s) => ({ id: s.id, input: { school: { courseName: null } } }),
    errors: [['VALIDATION', ['input', 'school', 'courseName']]],
  },
  {
    name: 'updateProject: end before the start',
    mutation: 'updateProject',
    setup: withProject,
    variables: (s) => ({ id: s.id, input: { endDate: '2025-01-01' } }),
    errors: [['VALIDATION', ['input', 'endDate']]],
  },
  {
    name: 'updateProject: project of another workspace',
    mutation: 'updateProject',
    setup: async (_ws, other) => withProject(await other()),
    variables: (s) => ({ id: s.id, input: { name: 'Hijacked' } }),
    errors: [['NOT_FOUND', ['id']]],
    likeMissing: () => ({ id: MISSING, input: { name: 'Hijacked' } }),
  },

  // ------------------------------------------------------------------ publish, delete, restore
  {
    name: 'publishProject: already published',
    mutation: 'publishProject',
    setup: async (ws) => ({ id: (await ws.newProject({ publish: true })).id }),
    variables: (s) => ({ id: s.id }),
    errors: [['INVALID_STATUS_TRANSITION', ['id']]],
  },
  {
    name: 'deleteProject: it has a live attachment',
    mutation: 'deleteProject',
    setup: async (ws) => {
      const s = await withProject(ws);
      await ws.newAttachment(s.id);
      return s;
    },
    variables: (s) => ({ id: s.id }),
    errors: [['IN_USE', ['id']]],
  },
  { name: 'restoreProject: not deleted', mutation: 'restoreProject', setup: withProject, variables: (s) => ({ id: s.id }), errors: [['VALIDATION', ['id']]] },
  { name: 'restoreProject: unknown id', mutation: 'restoreProject', variables: () => ({ id: randomUUID() }), errors: [['NOT_FOUND', ['id']]] },

  // ------------------------------------------------------------------ metadata
  {
    name: 'setProjectMeta: blank key',
    mutation: 'setProjectMeta',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, key: ' ', value: 1 }),
    errors: [['VALIDATION', ['key']]],
  },
  {
    name: 'setProjectMeta: key of 101 characters',
    mutation: 'setProjectMeta',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, key: 'k'.repeat(101), value: 1 }),
    errors: [['VALIDATION', ['key']]],
  },
  {
    name: 'setProjectMeta: a value with a NUL character',
    mutation: 'setProjectMeta',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, key: 'k', value: { text: 'a\u0000b' } }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'setProjectMeta: a value over 64 KB',
    mutation: 'setProjectMeta',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, key: 'k', value: 'x'.repeat(70_000) }),
    errors: [['VALIDATION', ['value']]],
  },
  {
    name: 'setProjectMeta: null value (schema)',
    mutation: 'setProjectMeta',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, key: 'k', value: null }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'setProjectMeta: unknown project',
    mutation: 'setProjectMeta',
    variables: () => ({ projectId: randomUUID(), key: 'k', value: 1 }),
    errors: [['NOT_FOUND', ['projectId']]],
  },
  {
    name: 'deleteProjectMeta: no such key',
    mutation: 'deleteProjectMeta',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, key: 'nope' }),
    errors: [['NOT_FOUND', ['key']]],
  },
  {
    name: 'deleteProjectMeta: a key with a NUL character',
    mutation: 'deleteProjectMeta',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, key: 'a\u0000b' }),
    topLevel: ['BAD_USER_INPUT'],
  },

  // ------------------------------------------------------------------ important dates
  {
    name: 'addImportantDate: blank title',
    mutation: 'addImportantDate',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, input: { title: ' ', date: '2026-03-01' } }),
    errors: [['VALIDATION', ['input', 'title']]],
  },
  {
    name: 'addImportantDate: malformed date (schema)',
    mutation: 'addImportantDate',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, input: { title: 'Exam', date: '1 March' } }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'addImportantDate: project soft-deleted',
    mutation: 'addImportantDate',
    setup: async (ws) => {
      const s = await withProject(ws);
      await ws.deleteProject(s.id);
      return s;
    },
    variables: (s) => ({ projectId: s.id, input: { title: 'Exam', date: '2026-03-01' } }),
    errors: [['NOT_FOUND', ['projectId']]],
  },
  { name: 'removeImportantDate: unknown id', mutation: 'removeImportantDate', variables: () => ({ id: randomUUID() }), errors: [['NOT_FOUND', ['id']]] },

  // ------------------------------------------------------------------ attachments
  {
    name: 'addAttachment: checksum not SHA-256 hex',
    mutation: 'addAttachment',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, input: attachmentInput({ checksum: 'xyz' }) }),
    errors: [['VALIDATION', ['input', 'checksum']]],
  },
  {
    name: 'addAttachment: negative size',
    mutation: 'addAttachment',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, input: attachmentInput({ size: -1 }) }),
    errors: [['VALIDATION', ['input', 'size']]],
  },
  {
    name: 'addAttachment: fractional size (schema)',
    mutation: 'addAttachment',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, input: attachmentInput({ size: 1.5 }) }),
    topLevel: ['BAD_USER_INPUT'],
  },
  {
    name: 'addAttachment: not a media type',
    mutation: 'addAttachment',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, input: attachmentInput({ contentType: 'pdf' }) }),
    errors: [['VALIDATION', ['input', 'contentType']]],
  },
  {
    name: 'addAttachment: blank fileName and storageKey',
    mutation: 'addAttachment',
    setup: withProject,
    variables: (s) => ({ projectId: s.id, input: attachmentInput({ fileName: '', storageKey: ' ' }) }),
    errors: [
      ['VALIDATION', ['input', 'fileName']],
      ['VALIDATION', ['input', 'storageKey']],
    ],
  },
  {
    name: 'removeAttachment: already removed',
    mutation: 'removeAttachment',
    setup: async (ws) => {
      const p = await withProject(ws);
      const a = await ws.newAttachment(p.id);
      await ws.removeAttachment(a.id);
      return { id: a.id };
    },
    variables: (s) => ({ id: s.id }),
    errors: [['NOT_FOUND', ['id']]],
  },
  {
    name: 'restoreAttachment: not removed',
    mutation: 'restoreAttachment',
    setup: async (ws) => ({ id: (await ws.newAttachment((await withProject(ws)).id)).id }),
    variables: (s) => ({ id: s.id }),
    errors: [['VALIDATION', ['id']]],
  },
  {
    name: 'restoreAttachment: attachment of another workspace',
    mutation: 'restoreAttachment',
    setup: async (_ws, other) => {
      const o = await other();
      const a = await o.newAttachment((await withProject(o)).id);
      await o.removeAttachment(a.id);
      return { id: a.id };
    },
    variables: (s) => ({ id: s.id }),
    errors: [['NOT_FOUND', ['id']]],
    likeMissing: () => ({ id: MISSING }),
  },

  // ------------------------------------------------------------------ cleanupAbandonedDrafts
  { name: 'cleanupAbandonedDrafts: olderThanHours 0', mutation: 'cleanupAbandonedDrafts', variables: () => ({ olderThanHours: 0 }), errors: [['VALIDATION', ['olderThanHours']]] },
  {
    name: 'cleanupAbandonedDrafts: reason longer than 1000 characters',
    mutation: 'cleanupAbandonedDrafts',
    variables: () => ({ reason: reason1001 }),
    errors: [['VALIDATION', ['reason']]],
  },
  {
    name: 'cleanupAbandonedDrafts: olderThanHours not a number (schema)',
    mutation: 'cleanupAbandonedDrafts',
    variables: () => ({ olderThanHours: '24h' }),
    topLevel: ['BAD_USER_INPUT'],
  },
];

// ------------------------------------------------------------------------------------------ checks

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

type UserError = { code: string; path: string[]; message: string };

function uniqueCodePaths(errors: UserError[]): Array<[string, Path]> {
  const seen = new Map<string, [string, Path]>();
  for (const e of errors) seen.set(JSON.stringify([e.code, e.path]), [e.code, e.path]);
  return [...seen.values()];
}

const sortKey = (e: [string, Path]) => JSON.stringify(e);

async function snapshotsOf(workspaces: TestContext[]) {
  return Promise.all(workspaces.map((ws) => snapshotWorkspace(server.db, ws.id)));
}

function expectNoEntity(name: MutationName, res: GqlResponse) {
  const payload = res.data?.[name] ?? null;
  if (payload === null) return; // top-level error: there is no payload at all
  for (const entity of MUTATIONS[name].entities as readonly string[]) expect(payload[entity]).toBeNull();
  if (name === 'cleanupAbandonedDrafts') expect(payload.removed).toBeNull();
}

test('the table covers at least 30 distinct bad inputs across every mutation', () => {
  expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  expect(cases.length).toBeGreaterThanOrEqual(30);
  expect(new Set(cases.map((c) => c.mutation))).toEqual(new Set(Object.keys(MUTATIONS)));
  for (const c of cases) expect(Boolean(c.errors) !== Boolean(c.topLevel)).toBe(true);
});

test('limits count characters as PostgreSQL does: values at the limit are still accepted', async () => {
  const ws = await server.newWorkspace();
  const name = '\u{1F600}'.repeat(200); // 200 characters, 400 UTF-16 code units
  const client = await ws.gql(documentFor('createClient'), { input: { name } });
  expect(client.data.createClient.userErrors).toEqual([]);
  const job = await ws.newJob({ clientId: client.data.createClient.client.id });
  const description = '\u2764\uFE0F'.repeat(250); // 500 characters
  const line = await ws.gql(documentFor('addCostLine'), {
    costSetId: job.costSets.ESTIMATE,
    input: material({ description, meta: { note: '\u{1F600} ok' }, extRefs: { ref: 'INV-1' } }),
  });
  expect(line.data.addCostLine.userErrors).toEqual([]);
  const rows = await server.db.query('SELECT description FROM cost_lines WHERE id = $1', [line.data.addCostLine.costLine.id]);
  expect(rows[0].description).toBe(description);
});

test.each(cases.map((c) => [c.name, c] as const))('%s: refused, nothing written', async (_name, c) => {
  const ws = await server.newWorkspace();
  const others: TestContext[] = [];
  const other = async () => {
    const o = await server.newWorkspace();
    others.push(o);
    return o;
  };
  const state = (await c.setup?.(ws, other)) ?? {};
  const workspaces = [ws, ...others];
  const before = await snapshotsOf(workspaces);

  const res = await ws.gql(c.document ?? documentFor(c.mutation), c.variables(state));

  if (c.topLevel) {
    // (1) a top-level error with the expected code, and no payload
    expect(res.errors?.length).toBeGreaterThan(0);
    for (const err of res.errors!) {
      expect(c.topLevel).toContain(err.extensions?.code);
      expect(err.message).toEqual(expect.any(String));
      expect(err.message.length).toBeGreaterThan(0);
    }
  } else {
    expect(res.errors).toBeUndefined();
    const payload = res.data[c.mutation];
    const errors: UserError[] = payload.userErrors;
    // (1) exactly the expected codes at the expected paths, each with a message
    expect(uniqueCodePaths(errors).sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual([...c.errors!].sort((a, b) => sortKey(a).localeCompare(sortKey(b))));
    for (const e of errors) expect(e.message.trim().length).toBeGreaterThan(0);

    // An id of another workspace must be indistinguishable from an id that does not exist.
    if (c.likeMissing) {
      const missing = await ws.gql(documentFor(c.mutation), c.likeMissing(state));
      expect(missing.errors).toBeUndefined();
      const mask = (list: UserError[]) => list.map((e) => ({ ...e, message: e.message.replace(UUID_RE, '<id>') }));
      expect(mask(errors)).toEqual(mask(missing.data[c.mutation].userErrors));
      expectNoEntity(c.mutation, missing);
    }
  }

  // (2) no entity in the payload
  expectNoEntity(c.mutation, res);

  // (3) nothing written, in any workspace involved
  const after = await snapshotsOf(workspaces);
  expect(after).toEqual(before);
});
