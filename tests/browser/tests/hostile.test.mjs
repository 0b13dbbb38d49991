// A hostile knowledge base: every text tries to inject markup or script. The
// site shows all of it as inert text.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES, newPage, renderedSeq, screenshot, startBrowser, startServer, waitForRender } from '../lib/harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ kb: path.join(FIXTURES, 'hostile-kb') });
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('injected markup in the KB stays text: no dialog, no script, no element', async () => {
  const errors = [];
  const page = await newPage(browser.context, errors);
  await page.goto(server.url);
  await waitForRender(page, 0);

  // Turn the evil option on, so its texts are shown as the recommendation too.
  const since = await renderedSeq(page);
  await page.locator('.questionnaire input[name="evil_switch"][value="true"]').check();
  await waitForRender(page, since);
  assert.equal(await page.locator('article[data-decision="thing"]').getAttribute('data-option'), 'evil');
  await page.click('#tab-map');
  await page.locator('[data-node="layer0:req.safe"]').click();
  await page.locator('.map-detail h3').waitFor();
  await page.click('#tab-results');
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  await page.waitForFunction(() => [...document.querySelectorAll('article.card > details.card-fold')].every((d) => d.querySelector('.card-body')));
  await page.emulateMedia({ media: 'print' });
  await page.waitForFunction(() => document.documentElement.dataset.report);

  const body = `${await page.locator('body').textContent()} ${await page.locator('.map-svg').evaluate((svg) => svg.textContent)}`;
  for (const literal of ['<img src=x onerror=', '<script>alert(', '<svg onload=', '<iframe src=javascript:', '<a href=javascript:']) {
    assert.ok(body.includes(literal), `the text \`${literal}\` is shown literally`);
  }
  const injected = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    images: document.querySelectorAll('img').length,
    scripts: [...document.scripts].map((s) => s.getAttribute('src')),
    // The brand mark and the map are the site's own drawings; nothing else.
    iframes: document.querySelectorAll('iframe, svg:not(.brand-mark):not(.map-svg):not(.map-clip), object, embed, .map-svg foreignObject, .map-svg script').length,
    javascriptLinks: [...document.querySelectorAll('a')].filter((a) => /^javascript:/i.test(a.getAttribute('href') ?? '')).length,
  }));
  assert.deepEqual(injected, { pwned: null, images: 0, scripts: ['/assets/theme.js', '/assets/app.js'], iframes: 0, javascriptLinks: 0 });
  await screenshot(page, 'hostile-kb');
  assert.deepEqual(errors, [], 'no dialog opened and no error was raised');
  await page.close();
});
