// Measures, in headless Chromium, the time from an answer change to the
// repainted results: p50 / p95 / max over N changes (default 50).
//
//   KOMPAS_BIN=../../target/release/examples/serve node repaint.mjs [N]
//
// Inside the page: performance.now() before the change, then
// the site's `kompas:rendered` event (results in the DOM), then the next frame
// (painted). Half the changes flip a switch, half change a number (a typed
// answer commits on `change`); no profile repeats, so the server's assessment
// cache never answers. A measurement, not a test: it asserts nothing about time.

import { newPage, startBrowser, startServer, waitForRender } from './lib/harness.mjs';

const changes = Number(process.argv[2] ?? 50);
const server = await startServer();
const { context, close } = await startBrowser();
const errors = [];
try {
  const page = await newPage(context, errors);
  await page.goto(server.url);
  await waitForRender(page, 0);
  // Every change makes a profile the server has not seen (a switch flips and
  // the team size moves on), so each one is assessed and rendered afresh.
  const samples = await page.evaluate(async (n) => {
    const ids = ['calico_expertise', 'bgp_routing_required', 'multi_tenant', 'gitops_without_ui', 'prefer_saas'];
    const team = document.querySelector('.questionnaire input[name="team_size"]');
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const out = [];
    for (let i = 0; i < n; i++) {
      // A yes/no is a pair of radios: click the one not checked (never "Don't know").
      const box = document.querySelector(`.questionnaire input[name="${ids[i % ids.length]}"]:not(:checked):not([value="unknown"])`);
      const rendered = new Promise((resolve) => document.addEventListener('kompas:rendered', resolve, { once: true }));
      const start = performance.now();
      if (i % 2 === 0) {
        box.click();
      } else {
        team.value = String(20 + i);
        team.dispatchEvent(new Event('change', { bubbles: true }));
      }
      await rendered;
      const dom = performance.now() - start;
      await nextFrame();
      out.push({ dom, painted: performance.now() - start });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return out;
  }, changes);
  const stats = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    return `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms`;
  };
  console.log(`answer change -> results in the DOM (${changes} changes): ${stats(samples.map((s) => s.dom))}`);
  console.log(`answer change -> next frame painted  (${changes} changes): ${stats(samples.map((s) => s.painted))}`);
  const parts = await page.evaluate(() => ['kompas:fetch', 'kompas:render'].map((name) => [name, performance.getEntriesByName(name).map((e) => e.duration)]));
  for (const [name, values] of parts) if (values.length) console.log(`  of which ${name.padEnd(14)}: ${stats(values.slice(-changes))}`);
  if (errors.length) {
    console.error(errors);
    process.exitCode = 1;
  }
} finally {
  await close();
  await server.stop();
}
