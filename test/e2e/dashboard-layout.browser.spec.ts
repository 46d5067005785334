/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The dashboard's layout and accessibility as tests, at a laptop's 1366×768 and a phone's 390×844, on the demo
 * portfolio (the examples and the five-year history): every view and the audit report
 * - is no wider than its viewport (nothing scrolls sideways; tables scroll inside their cards);
 * - is ready (content shown, charts drawn) in under 1 s after navigation;
 * - has no serious or critical axe-core violation (@axe-core/playwright's axe-core, a dev dependency);
 * - looks like its committed baseline: test/e2e/baselines/*.png, compared pixel by pixel. The screenshots go to
 *   test-artifacts/layout/; `UPDATE_BASELINES=1 npx jest test/e2e/dashboard-layout` refreshes the baselines on purpose.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform, SettableClock, silentLogger } from '@compensa/application';
import type { ProjectionRunner } from '@compensa/projections';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { PROJECTION_RUNNER } from '../../apps/api/src/read-models/read-models.tokens';
import { loadDemoPortfolio } from '../../apps/demo/src/demo-portfolio';
import { SOLAR_HISTORY_UC } from '../../apps/demo/src/solar-history';
import { axeSource } from './support/axe-source';
import { changedPixels, decodePng } from './support/png';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'layout');
const BASELINES = join(__dirname, 'baselines');
const UPDATE = process.env.UPDATE_BASELINES === '1';
/** Changed pixels allowed, as a share of the image: above it the screen changed (anti-aliasing stays below). */
const MAX_CHANGED = 0.01;
/** A view is ready within this many ms of navigation (measured in the browser). */
const READY_MS = 1000;
const OPERATOR_KEY = 'operator-key-for-the-layout-browser-test';
const AUDITOR_KEY = 'auditor-key-for-the-layout-browser-test';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
];
const WIDTHS = [
  { name: '1366', width: 1366, height: 768 },
  { name: '390', width: 390, height: 844 },
] as const;
/** Every view, with the demo's hardest cases: a 50-member cooperative, a local generator with 61 cycles. */
const VIEWS = [
  // With the money of examples 12–15 (R$ tariffs): savings and SCEE charge per month and GD class.
  { name: 'carteira', hash: '#/carteira', tag: 'portfolio-view' },
  { name: 'uc', hash: '#/uc/1001', tag: 'uc-view' },
  { name: 'uc-5-anos', hash: `#/uc/${SOLAR_HISTORY_UC}`, tag: 'uc-view' },
  // A UC billed in R$ (example 12: a GD II beneficiary near its minimum under P10 cap): its invoices card.
  { name: 'uc-faturas', hash: '#/uc/16002', tag: 'uc-view' },
  { name: 'gerador', hash: '#/gerador/1001', tag: 'generator-view' },
  { name: 'gerador-cooperativa', hash: '#/gerador/7000', tag: 'generator-view' },
  { name: 'gerador-5-anos', hash: `#/gerador/${SOLAR_HISTORY_UC}`, tag: 'generator-view' },
  // A generator billed in R$ (example 15: a GD III plant and three beneficiaries): the SCEE charge on its energy.
  { name: 'gerador-fio-b', hash: '#/gerador/15001', tag: 'generator-view' },
  { name: 'titular', hash: '#/titular/52998224725', tag: 'titular-view' },
  // A retificação that re-decided a 30-day default (example 19): three UCs re-billed, held credits moved to another UC.
  { name: 'retificacao', hash: '#/retificacao/retif-20005-2026-05-433c7519d34b', tag: 'correction-view' },
  // Every retificação of the demo (examples 16–21), newest first, with its filter.
  { name: 'retificacoes', hash: '#/retificacoes', tag: 'corrections-view' },
  // The import form, and the list of jobs (none yet on the demo: the same page at every run).
  { name: 'importacoes', hash: '#/importacoes', tag: 'imports-view' },
] as const;
/** The HTML reports a person opens: the audit trail of a UC, and of a titular (with its 30-day moves). */
const REPORTS = [
  { name: 'auditoria-uc', path: '/v1/audit/ucs/1001?format=html' },
  { name: 'auditoria-titular', path: '/v1/audit/titulares/33000167000101?format=html' },
] as const;

jest.setTimeout(180_000);

describe('dashboard layout and accessibility (browser)', () => {
  let dataDir: string;
  let profileDir: string;
  let app: NestExpressApplication;
  let url: string;
  let context: BrowserContext;
  let page: Page;
  // axe-core is a dev dependency: without it this suite fails rather than skipping its accessibility checks.
  const axe = axeSource();
  if (!axe) throw new Error('axe-core is not installed: run npm ci');

  /** The view `tag` shows its content (a heading, not "Carregando…") and each chart its SVG: ms since `start`. */
  const readyAfter = (start: number, tag: string) =>
    page.evaluate(
      ([since, limit, expected]) =>
        new Promise<number>((resolve, reject) => {
          const deadline = performance.now() + limit;
          const check = () => {
            const main = document.querySelector('compensa-app')?.shadowRoot?.querySelector('main');
            const element = main?.firstElementChild;
            const view = element?.localName === expected ? element.shadowRoot : null;
            const loaded = view?.querySelector('h1');
            const charts = [...(view?.querySelectorAll('e-chart') ?? [])];
            if (loaded && charts.every((c) => c.shadowRoot?.querySelector('svg'))) resolve(performance.now() - since);
            else if (performance.now() > deadline) reject(new Error('view not ready'));
            else requestAnimationFrame(check);
          };
          check();
        }),
      [start, 10_000, tag] as const,
    );
  /** Opens `view` from the sign-in page (fresh, as when a link is followed): ms until it shows its content. */
  const openedAfter = async (view: { hash: string; tag: string }) => {
    await page.evaluate(() => (location.hash = '#/entrar'));
    await page.getByTestId('sign-in').waitFor();
    const start = await page.evaluate((hash) => {
      const t = performance.now();
      location.hash = hash;
      return t;
    }, view.hash);
    return readyAfter(start, view.tag);
  };
  /** Every chart's animation finished (screenshots must not catch one half-drawn). */
  const chartsSettled = async () => {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(100)) {
      const [charts, drawn] = await Promise.all([
        page.locator('e-chart').count(),
        page.locator('e-chart[data-rendered]').count(),
      ]);
      if (drawn === charts) return;
    }
    throw new Error('charts not drawn within 10 s');
  };
  /** How much wider than the viewport the page is (0: nothing scrolls sideways). */
  const overflow = () => page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
  /** The headline figures whose text is wider than their card (cut, or scrolling inside it): none should be. */
  const cutFigures = () =>
    page.evaluate(() => {
      const main = document.querySelector('compensa-app')?.shadowRoot?.querySelector('main');
      const view = main?.firstElementChild?.shadowRoot;
      return [...(view?.querySelectorAll<HTMLElement>('.figure') ?? [])]
        .filter((card) => card.scrollWidth > card.clientWidth)
        .map((card) => card.textContent?.replace(/\s+/g, ' ').trim());
    });
  /**
   * The tables wider than their card (read by scrolling sideways, their last columns out of sight): each named by its
   * first header. A phone gets stacked rows or a short line under the first cell instead.
   */
  const sidewaysTables = () =>
    page.evaluate(() => {
      const main = document.querySelector('compensa-app')?.shadowRoot?.querySelector('main');
      const roots: ParentNode[] = [];
      const visit = (root: ParentNode) => {
        roots.push(root);
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
      };
      if (main) visit(main);
      return roots.flatMap((root) =>
        [...root.querySelectorAll('table')]
          // The card around it scrolls sideways (its scroll width includes the table's overflow, past its padding).
          .filter((t) => t.parentElement && t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
          .map((t) => t.querySelector('th')?.textContent?.trim() ?? t.dataset.testid ?? 'table'),
      );
    });
  const seriousViolations = async () => {
    await page.addScriptTag({ content: axe! });
    return page.evaluate(async () => {
      const run = (window as unknown as { axe: { run: (c: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe
        .run;
      const { violations } = await run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  };
  /** Screenshot to test-artifacts/layout, compared with its baseline (written when UPDATE_BASELINES=1). */
  const matchesBaseline = async (name: string) => {
    const shot = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
    writeFileSync(join(ARTIFACTS, `${name}.png`), shot);
    const baseline = join(BASELINES, `${name}.png`);
    if (UPDATE) {
      writeFileSync(baseline, shot);
      return;
    }
    if (!existsSync(baseline)) {
      throw new Error(`no baseline ${baseline}: UPDATE_BASELINES=1 npx jest test/e2e/dashboard-layout writes it`);
    }
    const [now, before] = [decodePng(shot), decodePng(readFileSync(baseline))];
    const changed = changedPixels(now, before);
    const share = changed / (before.width * before.height);
    if (share > MAX_CHANGED) {
      throw new Error(
        `${name}: ${changed} pixels changed (${(share * 100).toFixed(2)}%, ${now.width}×${now.height} against ` +
          `${before.width}×${before.height}); see test-artifacts/layout/${name}.png. On purpose? ` +
          'UPDATE_BASELINES=1 npx jest test/e2e/dashboard-layout',
      );
    }
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    mkdirSync(BASELINES, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-layout-'));
    profileDir = mkdtempSync(join(tmpdir(), 'compensa-chromium-'));
    const demo = await loadDemoPortfolio(dataDir, silentLogger);
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator,${AUDITOR_KEY}:auditor`,
    });
    app = await createApp(config, { clock: new SettableClock(demo.today), logDestination: { write: () => undefined } });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await app.get(Platform).waitForIdle();
    await app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle();
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 768 },
      locale: 'pt-BR',
      timezoneId: 'America/Sao_Paulo',
      // The API's CSP (script-src 'self') would refuse the injected axe-core script: the test's own, not the page's.
      bypassCSP: true,
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    for (const dir of [dataDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const size of WIDTHS) {
    describe(`at ${size.width}×${size.height}`, () => {
      beforeAll(async () => {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto(`${url}/#/entrar`);
        await page.evaluate(() => sessionStorage.clear());
        await page.reload();
        await page.getByTestId('sign-in').waitFor();
      });

      it('the sign-in page fits, and a wrong key on a first attempt says it is invalid (not "expired")', async () => {
        await page.getByTestId('api-key').fill('not-a-valid-key');
        await page.getByTestId('sign-in-submit').click();
        await page.getByTestId('sign-in-error').waitFor();
        expect(await page.getByTestId('sign-in-message').count()).toBe(0);
        expect(await overflow()).toBe(0);
        expect(await seriousViolations()).toEqual([]);
        await matchesBaseline(`entrar-${size.name}`);
        await page.getByTestId('api-key').fill(OPERATOR_KEY);
        await page.getByTestId('sign-in-submit').click();
        await page.getByTestId('credits').waitFor();
      });

      for (const view of VIEWS) {
        it(`${view.name}: ready in under ${READY_MS} ms, no wider than the viewport, like its baseline`, async () => {
          const measure = () => openedAfter(view);
          // Twice at most: the test machine is shared, and one stall of another process is not the view's; a slow
          // view is slow both times.
          const first = await measure();
          const ms = first < READY_MS ? first : await measure();
          expect(ms).toBeLessThan(READY_MS);
          await chartsSettled();
          expect(await overflow()).toBe(0);
          expect(await cutFigures()).toEqual([]);
          expect(await sidewaysTables()).toEqual([]);
          expect(await seriousViolations()).toEqual([]);
          await matchesBaseline(`${view.name}-${size.name}`);
        });
      }

      it('"Baixar PDF" beside a demonstrativo downloads it as demonstrativo-<uc>-<cycle>.pdf', async () => {
        await page.evaluate(() => (location.hash = '#/uc/16002'));
        const button = page.getByTestId('invoice-pdf').first();
        await button.waitFor();
        await button.scrollIntoViewIfNeeded();
        const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
        // Newest cycle first: example 12's last reading.
        expect(download.suggestedFilename()).toBe('demonstrativo-16002-2026-03.pdf');
        const chunks: Buffer[] = [];
        for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
        expect(Buffer.concat(chunks).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      });

      it('a chart tooltip is a small box inside the viewport', async () => {
        await page.evaluate(() => (location.hash = '#/carteira'));
        await page.getByTestId('credits').waitFor();
        await chartsSettled();
        const chart = page.getByTestId('credits-history-chart');
        await chart.scrollIntoViewIfNeeded();
        const box = (await chart.boundingBox())!;
        await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
        const tooltip = await chart.evaluate(async (el) => {
          for (let i = 0; i < 40; i++) {
            const tip = [...el.shadowRoot!.querySelectorAll('div')].find(
              (d) => !d.classList.contains('box') && d.style.display !== 'none' && d.innerText.includes('kWh'),
            );
            if (tip) {
              const r = tip.getBoundingClientRect();
              return { left: r.left, right: r.right, width: r.width, height: r.height, text: tip.innerText };
            }
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          return null;
        });
        expect(tooltip).not.toBeNull();
        expect(tooltip!.text).toMatch(/kWh/);
        expect(tooltip!.height).toBeLessThan(200);
        expect(tooltip!.left).toBeGreaterThanOrEqual(0);
        expect(tooltip!.right).toBeLessThanOrEqual(size.width);
      });

      for (const report of REPORTS) {
        it(`the ${report.name} report fits and is accessible`, async () => {
          const response = await fetch(`${url}${report.path}`, { headers: { Authorization: `Bearer ${AUDITOR_KEY}` } });
          expect(response.status).toBe(200);
          await page.setContent(await response.text());
          expect(await overflow()).toBe(0);
          expect(await seriousViolations()).toEqual([]);
          await matchesBaseline(`${report.name}-${size.name}`);
          await page.goto(`${url}/#/carteira`);
        });
      }
    });
  }

  // A small Android phone: narrower than the baselines' 390, checked for fit only (no baselines).
  describe('at 360×800', () => {
    beforeAll(async () => {
      await page.setViewportSize({ width: 360, height: 800 });
      await page.goto(`${url}/#/entrar`);
      await page.evaluate(() => sessionStorage.clear());
      await page.reload();
      await page.getByTestId('api-key').fill(OPERATOR_KEY);
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('credits').waitFor();
    });

    for (const view of VIEWS) {
      it(`${view.name}: no wider than the viewport, no table scrolling sideways`, async () => {
        await openedAfter(view);
        await chartsSettled();
        expect(await overflow()).toBe(0);
        expect(await sidewaysTables()).toEqual([]);
      });
    }
  });
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}
