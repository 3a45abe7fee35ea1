import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test('create a client and a job, then read it back', async () => {
  const ws = await server.newWorkspace();
  const c = await ws.gql(`mutation { createClient(input: { name: "Acme" }) { client { id name } userErrors { code message path } } }`);
  expect(c.errors).toBeUndefined();
  const clientId = c.data.createClient.client.id;
  const j = await ws.gql(
    `mutation($c: ID!) { createJob(input: { name: "Fit-out", clientId: $c }) { job { id number status costSets { kind rev } allowedTransitions } userErrors { code message } } }`,
    { c: clientId },
  );
  expect(j.errors).toBeUndefined();
  expect(j.data.createJob.job.number).toBe(1);
  const list = await ws.gql(`{ jobs { totalCount nodes { name client { name } } } }`);
  expect(list.data.jobs.nodes[0].client.name).toBe('Acme');
});
