// The records panel as a person uses it: save the current answers, propose,
// sign, accept, compare with the answers of now, download the ADRs; a drift
// banner when the KB changes under an accepted record; accessible (axe-core)
// and in Dutch.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, axeViolations, newPage, screenshot, startBrowser, startServer, waitForRender } from '../lib/harness.mjs';
const DRIFT = path.join(ROOT, 'crates', 'cli', 'tests', 'fixtures', 'drift');

let browser;

before(async () => {
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
});

/** Opens the site, then the records tab, and waits for the panel to paint. */
async function openRecords(server, query = '') {
  const errors = [];
  const page = await newPage(browser.context, errors);
  await page.goto(`${server.url}/${query}`);
  await waitForRender(page, 0);
  await painted(page, () => page.click('#tab-records'));
  return { page, errors };
}

/** Does something in the panel and waits until it has painted again. */
async function painted(page, action) {
  const since = await page.evaluate(() => Number(document.getElementById('panel-records').dataset.rendered ?? 0));
  await action();
  await page.waitForFunction((n) => Number(document.getElementById('panel-records').dataset.rendered ?? 0) > n, since, { timeout: 15_000 });
}

/** axe-core on the records panel: no violations. */
async function accessibilityViolations(page) {
  return axeViolations(page, '#panel-records');
}

describe('the records panel', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('save the current answers, propose, sign, accept, compare and export', async () => {
    const { page, errors } = await openRecords(server, '?calico_expertise=true');
    assert.deepEqual(await accessibilityViolations(page), [], 'the empty panel is accessible');
    await page.getByLabel('Title', { exact: true }).fill('Platform choices, Q1');
    await page.getByLabel('Organisation (optional)').fill('Webshop');
    await painted(page, () => page.getByRole('button', { name: 'Save as a record' }).click());
    const record = page.locator('article.record');
    assert.equal(await record.getAttribute('data-status'), 'draft');
    assert.match(await page.locator('#records-message').textContent(), /Saved as record r[0-9a-z]{10}\./);
    assert.match(await record.locator('tr[data-decision="cni"]').textContent(), /Calico/, 'the saved answers are the current ones');
    assert.match(await record.textContent(), /still supports this record/);

    await painted(page, () => page.getByRole('button', { name: 'Propose' }).click());
    assert.equal(await record.getAttribute('data-status'), 'proposed');
    await page.getByLabel('Name', { exact: true }).fill('Ann de Vries');
    await page.getByLabel('Role', { exact: true }).fill('CTO');
    await painted(page, () => page.getByRole('button', { name: 'Sign', exact: true }).click());
    assert.match(await record.locator('.signoffs').textContent(), /Ann de Vries \(CTO\)/);
    await painted(page, () => page.getByRole('button', { name: 'Accept' }).click());
    assert.equal(await record.getAttribute('data-status'), 'accepted');
    assert.deepEqual(await accessibilityViolations(page), [], 'an open record is accessible');
    await screenshot(page, 'records-accepted');

    // Compare with the answers of now: the same, then different.
    await page.getByRole('button', { name: 'Compare with the current answers' }).click();
    await page.locator('.records-same').waitFor();
    const id = await record.getAttribute('data-record');
    const zip = await page.request.get(`${server.url}${await page.getByRole('link', { name: 'Download the ADRs (zip)' }).getAttribute('href')}`);
    assert.equal(zip.status(), 200);
    assert.equal(zip.headers()['content-type'], 'application/zip');

    const other = await openRecords(server, '?kubernetes_experience=expert');
    await painted(other.page, () => other.page.getByRole('button', { name: 'Open Platform choices, Q1' }).click());
    await other.page.getByRole('button', { name: 'Compare with the current answers' }).click();
    await other.page.locator('.records-diff').waitFor();
    const diff = await other.page.locator('.records-diff').textContent();
    assert.match(diff, /calico_expertise/, diff);
    assert.match(diff, /Calico → Cilium/, diff);
    assert.equal(await other.page.locator('article.record').getAttribute('data-record'), id);

    // The list, in Dutch.
    await painted(other.page, () => other.page.getByRole('button', { name: 'Back to the list' }).click());
    assert.equal(await other.page.locator(`tr[data-record="${id}"] .record-status`).textContent(), 'Accepted');
    await other.page.click('[data-lang="nl"]');
    await other.page.waitForFunction(() => document.getElementById('tab-records').textContent === 'Besluiten');
    await other.page.locator(`tr[data-record="${id}"] .record-status`, { hasText: 'Aanvaard' }).waitFor();
    assert.deepEqual(errors, []);
    assert.deepEqual(other.errors, []);
    await page.close();
    await other.page.close();
  });
});

describe('a record whose knowledge changed', () => {
  let server;
  let kb;
  before(async () => {
    kb = mkdtempSync(path.join(tmpdir(), 'kompas-drift-kb-'));
    for (const file of ['kb.yaml', 'decision.yaml']) copyFileSync(path.join(DRIFT, 'before', file), path.join(kb, file));
    server = await startServer({ kb, watch: true });
  });
  after(async () => {
    await server?.stop();
    rmSync(kb, { recursive: true, force: true });
  });

  test('shows a drift banner naming the retired tool', async () => {
    // Saved and accepted under the KB that recommends Alpha.
    const api = await browser.context.request;
    const saved = await api.post(`${server.url}/api/v1/records`, { data: { title: 'Tooling', profile: {} } });
    assert.equal(saved.status(), 201);
    const id = (await saved.json()).id;
    assert.equal((await api.post(`${server.url}/api/v1/records/${id}/propose`, { headers: { 'if-match': '"r1"' } })).status(), 200);
    assert.equal((await api.post(`${server.url}/api/v1/records/${id}/accept`, { headers: { 'if-match': '"r2"' } })).status(), 200);

    // The KB marks Alpha retired; the server reloads it.
    for (const file of ['kb.yaml', 'decision.yaml']) writeFileSync(path.join(kb, file), readFileSync(path.join(DRIFT, 'after', file)));
    const started = Date.now();
    for (;;) {
      const ready = await (await api.get(`${server.url}/readyz`)).json();
      if (ready.kb.version === '2') break;
      assert.ok(Date.now() - started < 20_000, 'the KB was not reloaded');
      await new Promise((r) => setTimeout(r, 100));
    }

    const { page, errors } = await openRecords(server);
    await painted(page, () => page.getByRole('button', { name: 'Open Tooling' }).click());
    const banner = page.locator('.drift-banner');
    await banner.waitFor();
    assert.match(await banner.locator('h3').textContent(), /This record drifted/);
    const text = await banner.textContent();
    assert.match(text, /the recommendation changed from Alpha to Beta/, text);
    assert.match(text, /Alpha, a tool of your choice, is now retired \(since 2026-03\)/, text);
    assert.deepEqual(await accessibilityViolations(page), [], 'the drift banner is accessible');
    await screenshot(page, 'records-drift');
    const review = await (await api.get(`${server.url}/api/v1/records/drift`)).json();
    assert.equal(review.drifted[0].record, id);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
