// The site as a person uses it, in headless Chromium against the real server.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { newPage, renderedSeq, screenshot, startBrowser, startServer, waitForRender } from '../lib/harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens the site (with a query string) and waits for the first results. */
async function open(query = '') {
  const errors = [];
  const page = await newPage(browser.context, errors);
  await page.goto(`${server.url}/${query}`);
  await waitForRender(page, 0);
  return { page, errors };
}

/** Does something that changes an answer and waits for the repaint it causes. */
async function change(page, action) {
  const since = await renderedSeq(page);
  await action();
  await waitForRender(page, since);
}

const cniOption = (page) => page.locator('article[data-decision="cni"]').getAttribute('data-option');

describe('the interactive site', () => {
  test('shows the questionnaire and the results of the defaults', async () => {
    const { page, errors } = await open();
    await assert.doesNotReject(page.getByRole('heading', { name: 'Your organisation' }).waitFor());
    assert.ok(await page.locator('fieldset, .q').count() > 20, 'every input is asked');
    assert.equal(await cniOption(page), 'cilium');
    assert.match(await page.locator('#status').textContent(), /20 decisions/);
    assert.ok(await page.locator('.blocking .oq').count() > 0, 'blocking open questions come first');
    assert.ok(await page.locator('.stack-item').count() >= 12, 'the stack at a glance');
    assert.equal(await page.locator('.board-column').count(), 3, 'now / later / skip');
    await screenshot(page, 'site-default');
    await page.locator('.layer2').scrollIntoViewIfNeeded();
    await screenshot(page, 'site-layer2');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('answering as a person changes the results: in-house Calico expertise turns the CNI to Calico', async () => {
    const { page, errors } = await open();
    const calico = page.getByRole('checkbox', { name: 'Does the team already have Calico expertise in-house?', exact: true });
    await change(page, () => calico.check());
    assert.equal(await cniOption(page), 'calico');
    const card = page.locator('article[data-decision="cni"]');
    assert.match(await card.locator('.option').textContent(), /Calico/);
    assert.ok(await card.evaluate((e) => e.classList.contains('changed')), 'the changed decision is marked');
    assert.match(page.url(), /calico_expertise=true/);

    // A radio group and a number, in any order.
    await change(page, () => page.getByRole('group', { name: /Kubernetes experience/ }).getByLabel('Expert', { exact: true }).check());
    assert.match(page.url(), /kubernetes_experience=expert/);
    const services = page.getByRole('spinbutton', { name: 'How many services does the application consist of?', exact: true });
    await change(page, async () => { await services.fill('25'); await services.press('Tab'); });
    assert.match(page.url(), /service_count=25/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'site-calico');

    // Back to the default: the answer leaves the URL.
    await change(page, () => calico.uncheck());
    assert.equal(await cniOption(page), 'cilium');
    assert.doesNotMatch(page.url(), /calico_expertise/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a shared link reproduces the assessment', async () => {
    const { page, errors } = await open('?calico_expertise=true&kubernetes_experience=expert&compliance_requirements=GDPR,PCI-DSS');
    assert.equal(await cniOption(page), 'calico');
    assert.ok(await page.getByRole('checkbox', { name: 'Does the team already have Calico expertise in-house?', exact: true }).isChecked());
    assert.ok(await page.getByRole('group', { name: /Kubernetes experience/ }).getByLabel('Expert', { exact: true }).isChecked());
    const compliance = page.getByRole('group', { name: /compliance frameworks/ });
    assert.ok(await compliance.getByLabel('PCI-DSS', { exact: true }).isChecked());
    assert.ok(await compliance.getByLabel('GDPR', { exact: true }).isChecked());
    assert.equal(await page.locator('.q.is-changed').count(), 3, 'the changed answers are marked');
    assert.equal(await page.locator('.answer-chip').count(), 3, 'and listed above the results');

    // Undoing one answer from the list above the results.
    const since = await renderedSeq(page);
    await page.getByRole('button', { name: 'Reset to the default: Does the team already have Calico expertise in-house?' }).first().click();
    await waitForRender(page, since);
    assert.equal(await cniOption(page), 'cilium');
    assert.equal(await page.locator('.answer-chip').count(), 2);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the back button restores the previous answers', async () => {
    const { page, errors } = await open();
    const calico = page.getByRole('checkbox', { name: 'Does the team already have Calico expertise in-house?', exact: true });
    await change(page, () => calico.check());
    await change(page, () => page.getByRole('checkbox', { name: 'Do you need BGP routing?', exact: true }).check());
    assert.match(page.url(), /bgp_routing_required=true/);

    await change(page, () => page.goBack());
    assert.doesNotMatch(page.url(), /bgp_routing_required/);
    assert.match(page.url(), /calico_expertise=true/);
    assert.equal(await page.getByRole('checkbox', { name: 'Do you need BGP routing?', exact: true }).isChecked(), false);
    assert.equal(await calico.isChecked(), true);
    assert.equal(await cniOption(page), 'calico');

    await change(page, () => page.goBack());
    assert.equal(await calico.isChecked(), false);
    assert.equal(await cniOption(page), 'cilium');

    await change(page, () => page.goForward());
    assert.equal(await calico.isChecked(), true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('downloads the assessment as Markdown and as JSON', async () => {
    const { page, errors } = await open('?calico_expertise=true');
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Markdown report' }).click()]);
    assert.match(md.suggestedFilename(), /\.md$/);
    const markdown = await readFile(await md.path(), 'utf8');
    assert.match(markdown, /^#/);
    assert.match(markdown, /Calico/);

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON' }).click()]);
    assert.match(json.suggestedFilename(), /\.json$/);
    const assessment = JSON.parse(await readFile(await json.path(), 'utf8'));
    assert.equal(assessment.summary.stack.cni, 'calico');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('switches to Dutch: the interface and the questions change', async () => {
    const { page, errors } = await open('?calico_expertise=true');
    await change(page, () => page.getByRole('button', { name: 'NL', exact: true }).click());
    assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
    await page.getByRole('heading', { name: 'Uw organisatie' }).waitFor();
        assert.ok(await page.getByRole('checkbox', { name: 'Heeft het team al Calico-expertise in huis?', exact: true }).isChecked(), 'the answers stay');
    assert.match(page.url(), /lang=nl/);
    assert.match(await page.locator('#status').textContent(), /Beoordeling bijgewerkt/);
    assert.equal(await cniOption(page), 'calico');
    const href = await page.getByRole('link', { name: 'Markdown-rapport' }).getAttribute('href');
    assert.match(href, /lang=nl/);
    await screenshot(page, 'site-dutch');
    await change(page, () => page.getByRole('button', { name: 'EN', exact: true }).click());
    await page.getByRole('heading', { name: 'Your organisation' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('traceability: from a Layer 0 item to the choices it drives and back', async () => {
    const { page, errors } = await open();
    const card = page.locator('article[data-decision="cni"]');
    const chip = card.locator('.traces .chip').first();
    const itemTitle = (await chip.textContent()).trim();
    await chip.click();
    assert.equal(await page.getByRole('tab', { name: 'Traceability' }).getAttribute('aria-selected'), 'true');
    const detail = page.locator('.trace-item');
    assert.equal((await detail.locator('h3').textContent()).trim(), itemTitle);
    assert.ok(await detail.locator('[data-choice="d:cni"]').count() === 1, 'the item drives the CNI choice');
    assert.match(page.url(), /#trace$/);

    await page.getByLabel('Pick a decision or capability').selectOption('d:gitops');
    const reasons = page.locator('.trace-choice .reasons li');
    assert.ok(await reasons.count() > 0, 'the choice has Layer 0 reasons');
    await screenshot(page, 'site-trace');

    await detail.locator('[data-choice="d:cni"] button').click();
    assert.equal(await page.getByRole('tab', { name: 'Results' }).getAttribute('aria-selected'), 'true');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('light and dark, and a print stylesheet', async () => {
    const { page, errors } = await open();
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const light = await background();
    await page.getByRole('button', { name: 'Dark theme' }).click();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    assert.notEqual(await background(), light);
    await screenshot(page, 'site-dark');
    await page.getByRole('button', { name: 'Light theme' }).click();
    assert.equal(await background(), light);

    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.questionnaire').isVisible(), false, 'printing shows the results only');
    assert.equal(await page.locator('article[data-decision="cni"]').isVisible(), true);
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('keyboard and screen reader: labels, landmarks, skip link, live status', async () => {
    const { page, errors } = await open();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select')]
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
      .map((el) => el.name || el.id));
    assert.deepEqual(unlabelled, [], 'every control has a label');
    assert.equal(await page.locator('#status').getAttribute('aria-live'), 'polite');
    assert.ok(await page.locator('fieldset legend').count() > 5, 'radio and checkbox groups are fieldsets with legends');
    assert.equal(await page.locator('main').count(), 1);
    assert.equal(await page.locator('header').first().isVisible(), true);

    // A radio group is operated with the arrow keys.
    const none = page.getByRole('group', { name: /Kubernetes experience/ }).getByLabel('None', { exact: true });
    await none.focus();
    await change(page, () => page.keyboard.press('ArrowRight'));
    assert.match(page.url(), /kubernetes_experience=basic/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('invalid answers in a hand-edited link are explained, not crashed on', async () => {
    const errors = [];
    const page = await newPage(browser.context, errors);
    await page.goto(`${server.url}/?team_size=lots`);
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').textContent(), /team_size/);
    await change(page, () => page.getByRole('button', { name: 'Reset the answers' }).click());
    assert.equal(await cniOption(page), 'cilium');
    // The 422 answer is logged by the browser as a failed resource; nothing else.
    assert.deepEqual(errors.filter((e) => !e.includes('422')), []);
    await page.close();
  });
});
