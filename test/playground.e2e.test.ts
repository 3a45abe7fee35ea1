// The playground as a person uses it: headless Chromium opens /graphql, puts an API key in the
// headers editor, runs a query, reads the result from the page and finds a type in the docs, with
// no request leaving the server's origin (the page must work offline).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from './support/server';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, 'artifacts');
// The machine's network is closed: no QUIC, no background fetches, no update checks.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const QUERY = '{ jobs(first: 3) { nodes { number name } } }';
const JOB_NAMES = ['Kitchen refit', 'Shopfront sign', 'Deck repair'];

/** `describe` when Chromium is installed, otherwise a skipped block that logs why. */
function describeWithChromium(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM)) return describe(name, fn);
  console.warn(`SKIPPED "${name}": no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  describe.skip(name, fn);
}

/** Replaces the whole text of the visible Monaco editor inside `container`. */
async function replaceEditorText(page: Page, container: string, text: string): Promise<void> {
  await page.locator(`${container} .monaco-editor:visible`).first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** What a person does: key in the Headers tab, run the query, open the docs of `Job`. Returns the result shown. */
async function usePlayground(page: Page, url: string, key: string): Promise<{ data?: any; errors?: unknown[] }> {
  await page.goto(url);
  await page.locator('.graphiql-execute-button').waitFor();

  await replaceEditorText(page, '.graphiql-query-editor', QUERY);
  await page.getByRole('button', { name: 'Headers' }).click();
  await replaceEditorText(page, '.graphiql-editor-tool', JSON.stringify({ Authorization: `Bearer ${key}` }));
  // The tab is named after the operation once the editor has taken the new (anonymous) one in.
  await page.locator('.graphiql-tab-active', { hasText: '<untitled>' }).waitFor();

  await page.locator('.graphiql-execute-button').click();
  const result = page.locator('.result-window');
  await result.getByText('"nodes"').waitFor();
  // Monaco renders each line as its own element, and spaces as no-break spaces.
  const shown = JSON.parse((await result.locator('.view-lines').innerText()).replace(/\u00a0/g, ' '));

  await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
  await page.locator('.graphiql-doc-explorer-search input').fill('Job');
  await page.getByRole('option', { name: /^Job$/ }).first().click();
  await page.locator('.graphiql-doc-explorer-title', { hasText: /^Job$/ }).waitFor();
  await page.getByText('Sequential per workspace, starting at 1.').waitFor();
  return shown;
}

describeWithChromium('playground in a browser', () => {
  let server: TestServer;
  let profile: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    server = await startTestServer();
    await mkdir(ARTIFACTS, { recursive: true });
    profile = await mkdtemp(path.join(tmpdir(), 'jobcost-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 860 },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  test('runs a query with an API key, offline, and shows the docs of Job', async () => {
    const ws = await server.newWorkspace();
    for (const name of JOB_NAMES) await ws.newJob({ name });

    const page = await browser.newPage();
    const origin = new URL(server.url).origin;
    const elsewhere: string[] = [];
    page.on('request', (r) => {
      if (!/^(data|blob):/.test(r.url()) && new URL(r.url()).origin !== origin) elsewhere.push(r.url());
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    let shown: Awaited<ReturnType<typeof usePlayground>>;
    try {
      shown = await usePlayground(page, `${origin}/graphql`, ws.key);
      // The key is a throwaway one, but the picture (docs/playground.png comes from it) shows no secret.
      await replaceEditorText(page, '.graphiql-editor-tool', '{ "Authorization": "Bearer jc_…" }');
      await page.screenshot({ path: path.join(ARTIFACTS, 'playground.png') });
    } catch (err) {
      await page.screenshot({ path: path.join(ARTIFACTS, 'playground-failure.png') });
      throw err;
    } finally {
      await page.close();
    }

    expect(shown.errors).toBeUndefined();
    expect(shown.data.jobs.nodes.map((n: { name: string }) => n.name).sort()).toEqual([...JOB_NAMES].sort());
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
