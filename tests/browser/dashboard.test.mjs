// The dashboard in a real browser (Debian's chromium through playwright-core) against a node in simulator mode started
// here: a trade appears, auto-trading toggles, the kill switch cancels resting orders and halts, and the page reconnects
// by itself after the node restarts. Screenshots go to ./artifacts/screenshots. Bounded: every wait has a deadline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const screenshots = path.join(root, 'artifacts', 'screenshots');
const cli = process.env.KALSHI_ACTORS_CLI ?? ['release', 'debug']
  .map(c => path.join(root, 'artifacts', 'build', 'bin', 'KalshiActors.Cli', c, 'kalshi-actors.dll'))
  .find(existsSync);
const browserPath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

let work, port, url, node, browser, page;

// What the page reported and what the nodes logged (at warning level), printed at the end: a failed wait says only that
// the page did not change in time.
const pageErrors = [];
const nodeLogs = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
    server.on('error', reject);
  });
}

// Starts `kalshi-actors run` in the work folder; resolves once the dashboard is listening.
function startNode() {
  const child = spawn('dotnet', [cli, 'run', '--config', path.join(work, 'node.conf'), '--dashboard-url', url, '--duration', '10m'],
    { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  nodeLogs.push(() => output);
  child.stdout.on('data', d => { output += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('node did not start its dashboard within 90 s:\n' + output)); }, 90_000);
    child.stderr.on('data', d => {
      output += d;
      if (output.includes('dashboard: http')) { clearTimeout(timer); resolve(child); }
    });
    child.on('exit', code => { clearTimeout(timer); reject(new Error(`node exited (${code}) before its dashboard started:\n` + output)); });
  });
}

function stopNode(child) {
  return new Promise(resolve => {
    if (child.exitCode !== null) { resolve(); return; }
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGINT');
  });
}

async function api(pathname, options = {}) {
  const token = readFileSync(path.join(work, 'data', 'dashboard-token'), 'utf8').trim();
  const response = await fetch(url + pathname, { ...options, headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json', ...(options.headers ?? {}) } });
  const body = await response.json();
  if (!response.ok) throw new Error(`${pathname}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function shot(name) { await page.screenshot({ path: path.join(screenshots, name + '.png'), fullPage: true }); }

before(async () => {
  assert.ok(cli, 'the CLI is not built: run `dotnet build` (or set KALSHI_ACTORS_CLI to kalshi-actors.dll)');
  assert.ok(browserPath, 'chromium is not installed: `apt-get install -y chromium` (or set CHROMIUM_PATH)');
  mkdirSync(screenshots, { recursive: true });
  work = mkdtempSync(path.join(tmpdir(), 'kalshi-browser-'));
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // A fast simulator and a strategy that believes in a low volatility, so trades come quickly; a maker leaves resting orders.
  writeFileSync(path.join(work, 'node.conf'), `
kalshi-actors {
  mode = simulator
  persistence.journal-uri = "sqlite:./data/node.db"
  logging.file.enabled = off
  logging.level = warning
  node.status-interval = 2s
  simulator { step-interval = 200ms, seed = 7 }
  strategies.instances {
    ev-threshold.enabled = false
    vol-kelly-btc15m.enabled = false
    ev-small { kind = ev-threshold, enabled = true, markets = [], series = [KXSIMBTCD], parameters { volatility = 0.05, min-edge = 0.01, cooldown = 2s, max-contracts = 5 } }
    ev-maker { kind = ev-threshold, enabled = true, markets = [], series = [KXSIMBTCD], parameters { volatility = 0.05, min-edge = 0.01, cooldown = 2s, max-contracts = 5, style = maker } }
  }
}
`);
  node = await startNode();
  browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('dialog', dialog => dialog.accept());
  page.on('pageerror', error => pageErrors.push(String(error)));
  page.on('console', message => { if (message.type() === 'error') pageErrors.push(message.text()); });
  await page.goto(url + '/');
  await page.fill('#token', readFileSync(path.join(work, 'data', 'dashboard-token'), 'utf8').trim());
  await page.click('#save-token');
  await page.waitForSelector('#ws-status.good', { timeout: 30_000 });
});

after(async () => {
  console.log(`page errors (${pageErrors.length}):` + pageErrors.slice(-20).map(e => '\n  ' + e).join(''));
  nodeLogs.forEach((log, i) => console.log(`node ${i + 1} log, last 3,000 characters:\n` + log().slice(-3000)));
  await browser?.close();
  if (node) await stopNode(node);
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the page shows the node state and a trade appearing', { timeout: 150_000 }, async () => {
  await page.waitForFunction(() => document.querySelector('#mode').textContent === 'simulator', null, { timeout: 30_000 });
  await page.waitForSelector('#trades tr', { timeout: 120_000 });
  const row = await page.$eval('#trades tr', tr => ({ cls: tr.className, text: tr.textContent }));
  assert.match(row.cls, /^(buy|sell)$/);
  assert.match(row.text, /KXSIMBTCD/);
  await page.waitForFunction(() => document.querySelector('#fill-count').textContent !== '0', null, { timeout: 10_000 });
  // A single node has no cluster: the API says so and the page keeps the cluster panel hidden.
  assert.equal((await api('/api/cluster')).mode, 'single-node');
  assert.equal(await page.$eval('#cluster-panel', el => el.hidden), true);
  await shot('01-trade');
});

test('auto-trading toggles from the page and is journaled', { timeout: 60_000 }, async () => {
  await page.waitForFunction(() => document.querySelector('#auto-trading').textContent === 'on', null, { timeout: 20_000 });
  await page.click('#toggle-auto');
  await page.waitForFunction(() => document.querySelector('#auto-trading').textContent === 'off', null, { timeout: 20_000 });
  assert.equal((await api('/api/state')).autoTrading, false);
  for (const s of (await api('/api/state')).strategies) assert.equal(s.enabled, false, `${s.id} still enabled`);
  await shot('02-auto-trading-off');
  await page.click('#toggle-auto');
  await page.waitForFunction(() => document.querySelector('#auto-trading').textContent === 'on', null, { timeout: 20_000 });
  // Turning it on again enables exactly what it turned off: an instance configured off stays off.
  const strategies = (await api('/api/state')).strategies;
  assert.equal(strategies.find(s => s.id === 'ev-small').enabled, true);
  assert.equal(strategies.find(s => s.id === 'ev-threshold').enabled, false);
  const audit = await api('/api/audit-log?since=0&limit=1000');
  assert.ok(audit.filter(e => e.manifest === 'ConfigurationChanged.v1').length >= 2, 'both changes journaled');
});

test('the kill switch cancels resting orders and halts trading', { timeout: 120_000 }, async () => {
  // A resting order to cancel: the maker strategy's, or a manual maker order far below the market.
  let state = await api('/api/state');
  if (state.openOrders.length === 0) {
    const market = (await api('/api/markets')).find(m => m.ticker.startsWith('KXSIMBTCD') && m.bookStatus === 'live');
    await api('/api/orders', { method: 'POST', body: JSON.stringify({ ticker: market.ticker, side: 'yes', action: 'buy', price: '0.02', count: '1', fairValue: '0.10', style: 'maker' }) });
  }
  await page.waitForSelector('#open-orders tr', { timeout: 60_000 });
  const open = (await api('/api/state')).openOrders.map(o => o.clientOrderId);
  await shot('03-before-kill-switch');
  await page.click('#kill-switch');
  await page.waitForFunction(() => document.querySelector('#trading-state').textContent === 'halted', null, { timeout: 20_000 });
  try {
    await page.waitForFunction(() => document.querySelectorAll('#open-orders tr').length === 0, null, { timeout: 30_000 });
  } catch (e) {
    throw new Error('orders still open after the kill switch: ' + JSON.stringify((await api('/api/state')).openOrders), { cause: e });
  }
  const orders = await api('/api/orders?limit=500');
  for (const id of open) {
    const order = orders.find(o => o.clientOrderId === id);
    assert.ok(order && ['canceled', 'filled'].includes(order.status), `order ${id} is ${order?.status}`);
  }
  state = await api('/api/state');
  assert.equal(state.tradingState, 'halted');
  assert.equal(state.risk.killSwitch, true);
  await shot('04-kill-switch');
});

test('the page reconnects by itself after the node restarts', { timeout: 180_000 }, async () => {
  const trades = await page.$$eval('#trades tr', rows => rows.length);
  await stopNode(node);
  await page.waitForSelector('#ws-status.bad', { timeout: 30_000 });
  await shot('05-node-stopped');
  node = await startNode();
  await page.waitForSelector('#ws-status.good', { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('#mode').textContent === 'simulator' && document.querySelector('#uptime').textContent.startsWith('0m'), null, { timeout: 30_000 });
  // The journal carries the session over: the kill switch still holds and the trades are still listed.
  await page.waitForFunction(() => document.querySelector('#trading-state').textContent === 'halted', null, { timeout: 30_000 });
  await page.waitForFunction(n => document.querySelectorAll('#trades tr').length >= Math.min(n, 1), trades, { timeout: 30_000 });
  await shot('06-reconnected');
});
