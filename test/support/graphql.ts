/**
 * Talking GraphQL in the tests: the response shape, the one pair of helpers that run a mutation
 * and return its payload, and the fragments and documents shared by the test context and the tests.
 */

/** A GraphQL response as the client sees it. */
export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any>; path?: string[] }>;
  extensions?: { sqlStatements?: number } & Record<string, unknown>;
}

/** Anything that sends GraphQL requests with an API key. */
export interface Caller {
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
}

export interface UserErrorShape {
  code: string;
  message: string;
  path: string[];
}

export const USER_ERRORS = 'userErrors { code message path }';

/** Asserts a response has no top-level errors and returns its data. */
export function dataOf<T = any>(res: GqlResponse<T>): T {
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  if (!res.data) throw new Error(`No data in response: ${JSON.stringify(res)}`);
  return res.data;
}

/**
 * Runs a mutation and returns its payload (the value of its single top-level field) as is, user
 * errors included; fails the test on top-level errors.
 */
export async function mutatePayload<T = any>(caller: Caller, query: string, variables?: Record<string, unknown>): Promise<T> {
  const data = dataOf(await caller.gql(query, variables)) as Record<string, T>;
  const keys = Object.keys(data);
  if (keys.length !== 1) throw new Error(`Expected one top-level field, got ${keys.join(', ')}`);
  return data[keys[0]];
}

/** Runs a mutation that must succeed and returns its payload; fails the test on top-level errors and on user errors. */
export async function mutate<T = any>(caller: Caller, query: string, variables?: Record<string, unknown>): Promise<T> {
  const payload = await mutatePayload<T & { userErrors?: UserErrorShape[] }>(caller, query, variables);
  if (payload.userErrors?.length) throw new Error(`userErrors: ${JSON.stringify(payload.userErrors)}`);
  return payload;
}

/** The single user error of a payload. */
export function onlyError(payload: { userErrors: UserErrorShape[] }): UserErrorShape {
  expect(payload.userErrors).toHaveLength(1);
  return payload.userErrors[0];
}

// ------------------------------------------------------------------------------------------ fragments

export const CLIENT_FIELDS = 'id name email';
export const STAFF_FIELDS = 'id name email wageRate chargeOutRate active';
export const JOB_FIELDS = 'id number name status priority client { id } costSets { id kind }';
export const SUMMARY_FIELDS = 'summary { cost rev hours }';
export const LINE_FIELDS = 'id kind description quantity unitCost unitRev totalCost totalRev accountingDate staff { id } extRefs meta costSet { id }';
export const COST_SET_FIELDS = `id kind rev ${SUMMARY_FIELDS} costLines { id }`;
export const SUPPLIER_FIELDS = 'id name email phone accountRef createdAt updatedAt';
export const PO_LINE_FIELDS = 'id description itemCode quantityOrdered unitCost quantityReceived job { id } purchaseOrder { id }';
export const PO_FIELDS = `id number status orderDate expectedDate reference supplier { id name } totalCost lines { ${PO_LINE_FIELDS} }`;
export const STOCK_FIELDS = 'id description itemCode unitCost quantityOnHand quantityUsed quantityAvailable sourcePurchaseOrderLine { id } costLines { id quantity }';
export const STOCK_LINE_FIELDS =
  'id kind description quantity unitCost unitRev totalCost totalRev accountingDate extRefs stockItem { id quantityAvailable } costSet { id rev kind }';
export const COST_SUMMARY = 'costSummary { actualCost actualRevenue actualHours profit marginPercent }';
export const PROJECT_FIELDS = `id kind name description startDate endDate draft deletedAt createdAt updatedAt owner { id }
  ... on SchoolProject { courseName courseCode teacherName } ... on SelfStudyProject { goalDescription studyFrequency }`;
export const META_FIELDS = 'id key value';
export const DATE_FIELDS = 'id title date note';
export const ATTACHMENT_FIELDS = 'id fileName contentType size storageKey checksum removedAt';

// ------------------------------------------------------------------------------------------ documents

export const CREATE_CLIENT = `mutation($input: CreateClientInput!, $reason: String) {
  createClient(input: $input, reason: $reason) { client { ${CLIENT_FIELDS} } ${USER_ERRORS} } }`;
export const DELETE_CLIENT = `mutation($id: ID!) { deleteClient(id: $id) { client { id } ${USER_ERRORS} } }`;
export const CREATE_STAFF = `mutation($input: CreateStaffInput!, $reason: String) {
  createStaff(input: $input, reason: $reason) { staffMember { ${STAFF_FIELDS} } ${USER_ERRORS} } }`;
export const DEACTIVATE_STAFF = `mutation($id: ID!) { deactivateStaff(id: $id) { staffMember { id } ${USER_ERRORS} } }`;
export const CREATE_JOB = `mutation($input: CreateJobInput!, $reason: String) {
  createJob(input: $input, reason: $reason) { job { ${JOB_FIELDS} } ${USER_ERRORS} } }`;
export const MOVE_JOB = `mutation($id: ID!, $status: JobStatus!) { changeJobStatus(id: $id, status: $status) { job { status } ${USER_ERRORS} } }`;
export const DELETE_JOB = `mutation($id: ID!) { deleteJob(id: $id) { job { id } ${USER_ERRORS} } }`;
export const CREATE_COST_SET = `mutation($input: CreateCostSetInput!, $reason: String) {
  createCostSet(input: $input, reason: $reason) { costSet { ${COST_SET_FIELDS} } ${USER_ERRORS} } }`;
export const ADD_COST_LINE = `mutation($costSetId: ID!, $input: CostLineInput!, $reason: String) {
  addCostLine(costSetId: $costSetId, input: $input, reason: $reason) { costLine { ${LINE_FIELDS} } costSet { id ${SUMMARY_FIELDS} } ${USER_ERRORS} } }`;
export const CREATE_SUPPLIER = `mutation($input: CreateSupplierInput!, $reason: String) {
  createSupplier(input: $input, reason: $reason) { supplier { ${SUPPLIER_FIELDS} } ${USER_ERRORS} } }`;
export const CREATE_PO = `mutation($input: CreatePurchaseOrderInput!, $reason: String) {
  createPurchaseOrder(input: $input, reason: $reason) { purchaseOrder { ${PO_FIELDS} } ${USER_ERRORS} } }`;
export const SUBMIT_PO = `mutation($id: ID!) { submitPurchaseOrder(id: $id) { purchaseOrder { id status } ${USER_ERRORS} } }`;
export const RECEIVE_PO = `mutation($id: ID!, $lines: [ReceiveLineInput!]!, $reason: String) {
  receivePurchaseOrder(id: $id, lines: $lines, reason: $reason) { purchaseOrder { ${PO_FIELDS} } ${USER_ERRORS} } }`;
export const CONSUME = `mutation($jobId: ID!, $stockItemId: ID!, $quantity: Decimal!, $accountingDate: Date, $reason: String) {
  consumeStock(jobId: $jobId, stockItemId: $stockItemId, quantity: $quantity, accountingDate: $accountingDate, reason: $reason) {
    costLine { ${STOCK_LINE_FIELDS} } costSet { id rev summary { cost rev hours } } ${USER_ERRORS} } }`;

export const CREATE_PROJECT = `mutation($input: CreateProjectInput!, $reason: String) {
  createProject(input: $input, reason: $reason) { project { ${PROJECT_FIELDS} } ${USER_ERRORS} } }`;
export const UPDATE_PROJECT = `mutation($id: ID!, $input: UpdateProjectInput!, $reason: String) {
  updateProject(id: $id, input: $input, reason: $reason) { project { ${PROJECT_FIELDS} } ${USER_ERRORS} } }`;
export const PUBLISH_PROJECT = `mutation($id: ID!, $reason: String) { publishProject(id: $id, reason: $reason) { project { ${PROJECT_FIELDS} } ${USER_ERRORS} } }`;
export const DELETE_PROJECT = `mutation($id: ID!, $reason: String) { deleteProject(id: $id, reason: $reason) { project { ${PROJECT_FIELDS} } ${USER_ERRORS} } }`;
export const RESTORE_PROJECT = `mutation($id: ID!, $reason: String) { restoreProject(id: $id, reason: $reason) { project { ${PROJECT_FIELDS} } ${USER_ERRORS} } }`;
export const SET_META = `mutation($projectId: ID!, $key: String!, $value: JSON!, $reason: String) {
  setProjectMeta(projectId: $projectId, key: $key, value: $value, reason: $reason) { meta { ${META_FIELDS} } project { id updatedAt } ${USER_ERRORS} } }`;
export const DELETE_META = `mutation($projectId: ID!, $key: String!, $reason: String) {
  deleteProjectMeta(projectId: $projectId, key: $key, reason: $reason) { meta { ${META_FIELDS} } project { id updatedAt } ${USER_ERRORS} } }`;
export const ADD_DATE = `mutation($projectId: ID!, $input: ImportantDateInput!, $reason: String) {
  addImportantDate(projectId: $projectId, input: $input, reason: $reason) { importantDate { ${DATE_FIELDS} } project { id updatedAt } ${USER_ERRORS} } }`;
export const REMOVE_DATE = `mutation($id: ID!, $reason: String) {
  removeImportantDate(id: $id, reason: $reason) { importantDate { ${DATE_FIELDS} } project { id updatedAt } ${USER_ERRORS} } }`;
export const ADD_ATTACHMENT = `mutation($projectId: ID!, $input: AttachmentInput!, $reason: String) {
  addAttachment(projectId: $projectId, input: $input, reason: $reason) { attachment { ${ATTACHMENT_FIELDS} } project { id updatedAt } ${USER_ERRORS} } }`;
export const REMOVE_ATTACHMENT = `mutation($id: ID!, $reason: String) {
  removeAttachment(id: $id, reason: $reason) { attachment { ${ATTACHMENT_FIELDS} } project { id updatedAt } ${USER_ERRORS} } }`;
export const RESTORE_ATTACHMENT = `mutation($id: ID!, $reason: String) {
  restoreAttachment(id: $id, reason: $reason) { attachment { ${ATTACHMENT_FIELDS} } project { id updatedAt } ${USER_ERRORS} } }`;
export const CLEANUP_DRAFTS = `mutation($olderThanHours: Int, $reason: String) {
  cleanupAbandonedDrafts(olderThanHours: $olderThanHours, reason: $reason) { removed ${USER_ERRORS} } }`;

// ------------------------------------------------------------------------------------------ readers

/** A job's actual cost summary and its latest ACTUAL cost set with the lines (stock links included). */
export async function jobCosts(caller: Caller, jobId: string): Promise<any> {
  return dataOf(
    await caller.gql(`query($id: ID!) { job(id: $id) { ${COST_SUMMARY} latestActual { id rev summary { cost rev hours } costLines { ${STOCK_LINE_FIELDS} } } } }`, { id: jobId }),
  ).job;
}
