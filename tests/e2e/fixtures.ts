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
