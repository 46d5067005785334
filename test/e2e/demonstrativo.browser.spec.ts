/**
 * The demonstrativo SCEE in a real browser (playwright-core driving Debian's Chromium): a cycle with real R$ from
 * test/support/priced-invoice-scenario, on a desktop (1366×768) and a phone (390×844). The page loads under the
 * app's CSP with no error, nothing is wider than the screen, and nothing is fetched from another origin.
 * Screenshots go to test-artifacts/demonstrativo-*.png.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform, runSimulation, SettableClock } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import type { ProjectionRunner } from '@compensa/projections';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { PROJECTION_RUNNER } from '../../apps/api/src/read-models/read-models.tokens';
import { PRICED_INVOICE_SCENARIO } from '../support/priced-invoice-scenario';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
const AUDITOR_KEY = 'auditor-key-for-the-demonstrativo-browser-test';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORTS = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
];

jest.setTimeout(60_000);

describe('demonstrativo SCEE in Chromium (browser)', () => {
  let dataDir: string;
  let app: NestExpressApplication;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-demonstrativo-'));
    await runSimulation([...PRICED_INVOICE_SCENARIO], { dataDir });
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      COMPENSA_API_KEYS: `${AUDITOR_KEY}:auditor`,
    });
    app = await createApp(config, {
      clock: new SettableClock('2025-06-20' as BusinessDate),
      logDestination: { write: () => undefined },
    });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await app.get(Platform).waitForIdle();
    await app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle();
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(VIEWPORTS)(
    'R17, R24–R28: the $name page shows the whole invoice within the screen',
    async ({ name, width, height }) => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium)`);
      const context = await browser.newContext({
        viewport: { width, height },
        extraHTTPHeaders: { Authorization: `Bearer ${AUDITOR_KEY}` },
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => {
        if (!r.url().startsWith(url)) problems.push(`foreign request ${r.url()}`);
      });
      try {
        const response = await page.goto(`${url}/v1/ucs/9001/invoices/2025-05?format=html`);
        expect(response?.status()).toBe(200);
        await expect(page.locator('h1').innerText()).resolves.toMatch(/Demonstrativo SCEE/);
        await expect(page.locator('table.lines tbody tr').count()).resolves.toBeGreaterThan(4);
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        expect(overflow).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(ARTIFACTS, `demonstrativo-${name}.png`), fullPage: true });
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
