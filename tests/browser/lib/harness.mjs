// Starts the real kompas server and a headless Debian Chromium for the tests.
//
// The server binary: $KOMPAS_BIN, else target/debug/kompas, else the
// kompas-serve example (target/debug/examples/serve). It is started with
// `serve --addr 127.0.0.1:0 --log-format json`, and the URL is read from its
// "kompas serving" log line, so no port is ever guessed.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..', '..');
export const ARTIFACTS = path.resolve(here, '..', 'artifacts');
export const FIXTURES = path.resolve(here, '..', 'fixtures');

/** The server binary to test. */
export function serverBinary() {
  if (process.env.KOMPAS_BIN) return path.resolve(process.env.KOMPAS_BIN);
  const cli = path.join(ROOT, 'target', 'debug', 'kompas');
  if (existsSync(cli)) return cli;
  const example = path.join(ROOT, 'target', 'debug', 'examples', 'serve');
  if (existsSync(example)) return example;
  throw new Error('no server binary: build one with `cargo build -p kompas` or `cargo build -p kompas-serve --example serve`, or set KOMPAS_BIN');
}

/**
 * Starts the server; resolves with {url, stop, logs}.
 * @param {{kb?: string, watch?: boolean}} [options] a KB directory to serve instead of the built-in one (reloaded on change with `watch`)
 */
export async function startServer(options = {}) {
  const args = ['serve', '--addr', '127.0.0.1:0', '--log-format', 'json'];
  if (options.kb) args.push('--kb', options.kb);
  if (options.watch) args.push('--watch');
  // Decision records go to a throw-away store of this server's own.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kompas-records-'));
  const child = spawn(serverBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RUST_LOG: 'info', KOMPAS_DATA_DIR: dataDir } });
  const logs = [];
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 30 s:\n${logs.join('\n')}`)), 30_000);
    let buffered = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        logs.push(line);
        try {
          const event = JSON.parse(line);
          if (event.url && String(event.message ?? '').includes('serving')) {
            clearTimeout(timer);
            resolve(event.url);
          }
        } catch { /* a line that is not JSON */ }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop, logs };
}

/** Launches headless Chromium with a fresh profile; resolves with {browser, close}. */
export async function startBrowser() {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'kompas-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
    viewport: { width: 1400, height: 1000 },
    locale: 'en-US',
    acceptDownloads: true,
  });
  const close = async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/** A new page that fails the test on any page error or console error. */
export async function newPage(context, errors) {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('dialog', async (d) => { errors.push(`dialog: ${d.message()}`); await d.dismiss(); });
  return page;
}

/** Waits until the results on screen belong to a change after `since`. */
export async function waitForRender(page, since) {
  await page.waitForFunction((n) => Number(document.documentElement.dataset.rendered ?? 0) > n, since, { timeout: 15_000 });
}

/** The number of the last painted change. */
export async function renderedSeq(page) {
  return page.evaluate(() => Number(document.documentElement.dataset.rendered ?? 0));
}

/** Saves a screenshot to tests/browser/artifacts/NAME.png. */
export async function screenshot(page, name, options = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), ...options });
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core on the whole page (or `selector`): the violations, as
 * `rule: targets` lines. Evaluated through the DevTools protocol, so the
 * page's CSP does not block it.
 */
export async function axeViolations(page, selector = null) {
  if (!(await page.evaluate(() => Boolean(globalThis.axe)))) await page.evaluate(AXE);
  return page.evaluate(async (context) => {
    const result = await globalThis.axe.run(context ?? document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, selector);
}
