// The Cluster panel of a cluster node's page, in a real browser (Debian's chromium through playwright-core), against the
// dashboard named by KALSHI_DASHBOARD_URL: KalshiActors.Cluster.Tests' ClusterDashboardTests runs it while two nodes share
// a throwaway PostgreSQL, each holding a position. Bounded: every wait has a deadline. Screenshot under ./artifacts/screenshots.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.join(here, '..', '..', 'artifacts', 'screenshots');
const url = process.env.KALSHI_DASHBOARD_URL;
const shardCount = Number(process.env.KALSHI_SHARD_COUNT ?? '0');
const browserPath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
let browser;

after(async () => { await browser?.close(); });

test('a cluster node shows both members, every shard owner and the account positions', { timeout: 90_000 }, async () => {
  assert.ok(url, 'KALSHI_DASHBOARD_URL must name a cluster node\'s dashboard');
  assert.ok(browserPath, 'chromium is not installed: `apt-get install -y chromium` (or set CHROMIUM_PATH)');
  mkdirSync(screenshots, { recursive: true });
  browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url + '/');
  await page.waitForSelector('#cluster-panel:not([hidden])', { timeout: 30_000 });
  await page.waitForFunction(() => [...document.querySelectorAll('#cluster-members tr')].filter(r => r.textContent.includes('live')).length === 2, null, { timeout: 30_000 });
  const members = await page.$$eval('#cluster-members tr', rows => rows.map(r => r.dataset.node).sort());
  assert.deepEqual(members, ['node_a', 'node_b']);
  await page.waitForFunction(n => document.querySelectorAll('#cluster-shards span').length === n, shardCount, { timeout: 30_000 });
  const owners = await page.$$eval('#cluster-shards span', spans => [...new Set(spans.map(s => s.textContent.split(':')[1].split('@')[0]))].sort());
  assert.deepEqual(owners, ['node_a', 'node_b']);
  await page.waitForFunction(() => document.querySelectorAll('#cluster-positions tr').length >= 2, null, { timeout: 30_000 });
  await page.screenshot({ path: path.join(screenshots, 'cluster-panel.png'), fullPage: true });
});
