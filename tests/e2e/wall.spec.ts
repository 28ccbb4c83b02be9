import { expect, openWall, SCREENSHOT_DIR, test, waitForReady } from './fixtures';
import { drawnLayers } from './wall-helpers';

// The wall as deployed: pulses and the alarm glow animate (the other specs reduce motion to save CPU).
test.use({ reducedMotion: 'no-preference' });

// One wall page for what a visitor sees first (each page load costs seconds of software WebGL).
test('the wall shows central Shanghai from the offline basemap with live hotline events that keep coming, and English is one click away', async ({
  page,
}) => {
  await openWall(page);
  await waitForReady(page);
  // Chinese by default.
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('城市运行管理中枢');
  // Live events arrive in the newest-events panel and on the map.
  const rows = page.locator('[data-panel="newest-events"] [data-event-id]');
  await expect(rows.first()).toBeVisible();
  const before = await page.locator('[data-kpi="today"] .kpi__value').innerText();
  expect(Number(before.replace(/,/g, ''))).toBeGreaterThan(0);
  // The hotline feed is healthy and the connection live.
  await expect(page.locator('[data-feed="hotline"]')).toHaveAttribute('data-state', 'healthy');
  await expect(page.locator('.wall-header__status')).toHaveAttribute('data-status', 'live');
  // Attribution required by the data's licences is visible on the map.
  await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('OpenStreetMap');
  await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('geoBoundaries');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/wall-1920x1080.png` });

  // New events keep arriving without a reload.
  const firstId = await rows.first().getAttribute('data-event-id');
  await expect
    .poll(async () => rows.first().getAttribute('data-event-id'), { timeout: 30_000 })
    .not.toBe(firstId);
  expect(await rows.count()).toBeGreaterThan(0);

  // English is one click away.
  await page.getByRole('button', { name: '切换到英文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('City Operations Centre');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('all seven subsystems turn healthy on the wall, each of them on the map', async ({ page }) => {
  test.setTimeout(180_000);
  const sources = ['hotline', 'city-management', 'video', 'traffic', 'iot', 'grid', 'warnings'];
  await openWall(page, 'debug=1');
  await waitForReady(page);
  for (const s of sources)
    await expect(page.locator(`[data-panel="feed-health"] [data-feed="${s}"]`), s).toHaveAttribute(
      'data-state',
      'healthy',
      { timeout: 90_000 },
    );
  // Event ids are `<source>:<native id>`: six sources have events in the wall's live store (what the map draws).
  // A warning becomes an event only at orange or red; every warning is drawn as its CAP polygon (warnings layer).
  const withEvents = sources.filter((s) => s !== 'warnings');
  await expect
    .poll(
      async () => {
        const ids = await page.evaluate(() =>
          (window as unknown as { __cityBrainWall: { eventIds(): string[] } }).__cityBrainWall.eventIds(),
        );
        return withEvents.filter((s) => !ids.some((id) => id.startsWith(`${s}:`)));
      },
      { message: 'sources without events on the wall', timeout: 90_000, intervals: [2_000] },
    )
    .toEqual([]);
  await expect
    .poll(async () => {
      const drawn = await drawnLayers(page);
      const n = (id: string, key: string) => Number(drawn.find((l) => l.id === id)?.[key] ?? 0);
      return { events: n('events', 'drawnSum') > 0, warningPolygons: n('warnings', 'polygons') > 0 };
    })
    .toEqual({ events: true, warningPolygons: true });
});
