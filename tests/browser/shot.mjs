// Development helper: screenshots of the site. `node shot.mjs [query] [dark]`
import { newPage, screenshot, startBrowser, startServer, waitForRender } from './lib/harness.mjs';

const server = await startServer();
const { context, close } = await startBrowser();
const errors = [];
const page = await newPage(context, errors);
if (process.argv[3] === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
await page.goto(`${server.url}/${process.argv[2] ?? ''}`);
await waitForRender(page, 0);
await screenshot(page, 'dev-top');
for (const sel of ['.stack', '#decisions-title', '.layer2', '.findings']) {
  await page.locator(sel).first().evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await screenshot(page, `dev-${sel.replace(/[^a-z0-9]/gi, '')}`);
}
await page.click('#tab-trace');
await page.locator('[data-layer0="principle.open_source"]').click();
await page.evaluate(() => scrollTo(0, 0));
await screenshot(page, 'dev-trace');
console.log(errors);
await close();
await server.stop();
