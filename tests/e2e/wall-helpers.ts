import type { Page } from '@playwright/test';

/**
 * The wall's readiness signal with room for big viewports: software WebGL draws a 7680×2160 map in seconds,
 * and CI shares two cores with the server and its simulators.
 */
export async function waitForWall(page: Page, timeout = 150_000): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset['ready'] === 'true', undefined, {
    timeout,
    polling: 500,
  });
}

export interface DrawnLayer {
  id: string;
  visible: boolean;
  [count: string]: unknown;
}

/** What the map draws (ids, visibility, counts), from the map's `data-layers` attribute. */
export function drawnLayers(page: Page): Promise<DrawnLayer[]> {
  return page.evaluate(
    () =>
      JSON.parse(
        document.querySelector<HTMLElement>('[data-testid="map"]')!.dataset['layers']!,
      ) as DrawnLayer[],
  );
}
