import { chromium } from '@playwright/test';
const [w, h] = (process.argv[2] ?? '1920x1080').split('x').map(Number);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--enable-unsafe-swiftshader'] });
const page = await browser.newPage({ viewport: { width: w, height: h }, reducedMotion: process.env.RM ? 'reduce' : 'no-preference' });
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
});
const t0 = Date.now();
await page.goto('http://127.0.0.1:8799/wall?token=demo-wall-token-ops-centre-01' + (process.env.Q ?? ''));
await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', undefined, { timeout: 300000, polling: 200 });
console.log('ready after', Date.now() - t0, 'ms');
const statuses = [];
for (let i = 0; i < 30; i++) {
  await page.waitForTimeout(1000);
  statuses.push(await page.locator('.wall-header__status').getAttribute('data-status'));
}
const long = await page.evaluate(() => window.__long);
console.log('statuses', statuses.join(','));
console.log('long tasks', long.length, 'total', long.reduce((a, b) => a + b, 0), 'max', Math.max(...long), long.slice(0, 40).join(' '));
const counts = await page.evaluate(() => JSON.parse(document.querySelector('[data-testid="map"]').dataset.layers));
console.log(JSON.stringify(counts));
await browser.close();
