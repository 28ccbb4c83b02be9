import { test as base, expect, type Page } from '@playwright/test';

export const SCREENSHOT_DIR = 'test-results/screenshots';

/**
 * Every browser test fails on a console error or an uncaught exception, and on any request that
 * leaves 127.0.0.1/localhost (the product must work air-gapped).
 */
export const test = base.extend<{ guard: { errors: string[]; foreign: string[] } }>({
  guard: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const foreign: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`);
      });
      page.on('request', (r) => {
        const url = new URL(r.url());
        const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
        if (!local && !['data:', 'blob:'].includes(url.protocol)) foreign.push(r.url());
      });
      await use({ errors, foreign });
      expect(foreign, 'requests that left localhost').toEqual([]);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Waits for the app's explicit readiness signal (polling pixels is starved by software WebGL). */
export async function waitForReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset['ready'] === 'true', undefined, {
    timeout: 60_000,
    polling: 500,
  });
}

/** The demo credentials the e2e server seeds (SEED_PASSWORD / SEED_WALL_TOKEN defaults; see README). */
export const DEMO_PASSWORD = 'CityBrain-demo-2026';
export const DEMO_WALL_TOKEN = 'demo-wall-token-ops-centre-01';

/**
 * Opens the wall as the operations centre's wall PC does: `/wall?token=<device token>` (extra query
 * parameters, e.g. `lang=en`, are kept). The page trades the token for a session and drops it from the URL.
 */
export async function openWall(page: Page, query = ''): Promise<void> {
  await page.goto(`/wall?token=${DEMO_WALL_TOKEN}${query ? `&${query}` : ''}`);
}

/** Signs in through the login screen like a person does; resolves once the role's home has loaded. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The e2e server's hotline intake key (playwright.config.ts sets INTAKE_KEYS to it). */
export const E2E_HOTLINE_KEY = 'e2e-hotline-intake-key-0001';
