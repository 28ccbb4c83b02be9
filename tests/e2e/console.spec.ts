import type { APIRequestContext, Browser, Page, WebSocketRoute } from '@playwright/test';
import { E2E_HOTLINE_KEY, expect, SCREENSHOT_DIR, signIn, test, waitForReady } from './fixtures';

/**
 * The duty console in a browser: one officer carries a fresh 12345 event through its whole lifecycle with the
 * keyboard (including a return and a reopen) while the leader, in a second browser context, sees every change
 * live and who has it open; then the leader, holding a stale version, gets the 409 explained.
 */

/** "YYYY-MM-DD HH:mm:ss" in Shanghai time, as the 12345 platform writes it. */
function shanghai(t: number): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(t));
}

/** Posts a work order in 黄浦区 (People's Square, GCJ-02) like the 12345 platform does; returns its event id. */
async function reportOrder(
  request: APIRequestContext,
  text: string,
  over: Record<string, string> = {},
): Promise<string> {
  const id = `E2E${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const res = await request.post('/api/intake/hotline', {
    headers: { 'x-intake-key': E2E_HOTLINE_KEY },
    data: {
      工单编号: id,
      受理时间: shanghai(Date.now() - 60_000),
      更新时间: shanghai(Date.now() - 30_000),
      来电渠道: '电话',
      诉求类型: '投诉',
      诉求分类: '房屋管理/房屋安全',
      紧急程度: '一般',
      诉求内容: text,
      地址: '上海市黄浦区人民大道200号',
      经度: 121.478,
      纬度: 31.2284,
      来电人: '王先生',
      联系电话: '13912345678',
      ...over,
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  return `hotline:${id}`;
}

/** Opens the console and finds the event by its text (search with /, then J to open the first row). */
async function openEvent(page: Page, text: string, id: string): Promise<void> {
  await page.goto('/console');
  await waitForReady(page);
  await page.keyboard.press('/');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(page.locator(`tr[data-event-id="${id}"]`)).toBeVisible();
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await page.keyboard.press('j');
  await expect(page.getByTestId('detail')).toHaveAttribute('data-event-id', id);
}

const status = (page: Page) => page.getByTestId('detail-status');

/** A second signed-in browser context whose live messages can be held back (to make its view stale on purpose). */
async function secondConsole(browser: Browser, username: string) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  let paused = false;
  const held: (string | Buffer)[] = [];
  let route: WebSocketRoute | null = null;
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    route = ws;
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => (paused ? held.push(m) : ws.send(m)));
  });
  await signIn(page, username);
  return {
    page,
    context,
    errors,
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      for (const m of held.splice(0)) route?.send(m);
    },
  };
}

test('an officer carries an event through its lifecycle by keyboard; a second console sees it live and a stale edit gets 409 explained', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const text = `E2E外墙脱落-${Date.now()}`;
  const id = await reportOrder(request, `人民广场${text}，请尽快处理。`, { 诉求分类: '房屋管理/房屋安全' });

  await signIn(page, 'officer-310101');
  await openEvent(page, text, id);
  await expect(status(page)).toHaveAttribute('data-status', 'reported');

  const leader = await secondConsole(browser, 'leader');
  await openEvent(leader.page, text, id);
  // Presence: each sees the other has the event open.
  await expect(page.getByTestId('detail-viewers')).toContainText('值班领导');
  await expect(leader.page.getByTestId('detail-viewers')).toContainText('黄浦区值班员');

  // The whole lifecycle with the keyboard; every step shows on the leader's console without a reload.
  const steps: { key: string; status: string; dialog?: string }[] = [
    { key: 'a', status: 'accepted' },
    { key: 'f', status: 'dispatched' },
    { key: 'b', status: 'returned', dialog: '不属于房管职责，退回重新派遣' },
    { key: 'd', status: 'dispatched', dialog: '转市政养护' },
    { key: 's', status: 'in-progress' },
    { key: 'r', status: 'resolved' },
    { key: 'v', status: 'verified' },
    { key: 'c', status: 'closed' },
    { key: 'o', status: 'reopened', dialog: '市民来电反映外墙再次脱落' },
  ];
  for (const step of steps) {
    await page.keyboard.press(step.key);
    if (step.dialog !== undefined) {
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      await page.keyboard.type(step.dialog);
      if (step.key === 'd') {
        await page.screenshot({ path: `${SCREENSHOT_DIR}/console-dispatch-dialog.png` });
        await dialog.getByRole('combobox').selectOption('municipal-310101');
        await dialog.getByRole('textbox').focus();
      }
      await page.keyboard.press('Enter');
      await expect(dialog).toBeHidden();
    }
    await expect(status(page), `officer after ${step.key}`).toHaveAttribute('data-status', step.status);
    await expect(status(leader.page), `leader sees ${step.status}`).toHaveAttribute(
      'data-status',
      step.status,
    );
    if (step.key === 'f') await page.screenshot({ path: `${SCREENSHOT_DIR}/console.png` });
  }
  await expect(page.getByTestId('detail-department')).toContainText('黄浦区建设和管理委员会');
  const timeline = page.getByTestId('timeline');
  await expect(timeline.locator('li')).toHaveCount(9);
  await expect(timeline.locator('li[data-action="return"]')).toContainText('不属于房管职责');
  await expect(timeline.locator('li[data-action="reopen"]')).toContainText('外墙再次脱落');
  await expect(leader.page.getByTestId('timeline').locator('li')).toHaveCount(9);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/console-timeline.png` });

  // A concurrent edit: the leader's console misses the officer's accept (its live messages are held back),
  // so it still shows "reopened" when the leader forwards: 409, explained, and the latest state shown.
  leader.pause();
  await page.keyboard.press('a');
  await expect(status(page)).toHaveAttribute('data-status', 'accepted');
  await expect(status(leader.page)).toHaveAttribute('data-status', 'reopened');
  await leader.page.keyboard.press('f');
  const banner = leader.page.getByTestId('conflict-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('事件已被他人修改');
  await expect(banner).toContainText('受理');
  await expect(status(leader.page)).toHaveAttribute('data-status', 'accepted');
  await leader.page.screenshot({ path: `${SCREENSHOT_DIR}/console-conflict.png` });
  leader.resume();
  // Nothing was overwritten: the officer's accept stands, the leader's forward was never applied.
  await expect(status(page)).toHaveAttribute('data-status', 'accepted');
  expect(leader.errors.filter((e) => !/409/.test(e))).toEqual([]);
  await leader.context.close();
});

test('a severe waterlogging report: one-key dispatch starts the flood plan and opens the command view', async ({
  page,
  request,
}) => {
  const text = `E2E下立交积水-${Date.now()}`;
  const id = await reportOrder(request, `人民大道${text}，车辆涉水。`, {
    诉求分类: '水务/路面积水',
    紧急程度: '特急',
  });
  await signIn(page, 'officer-310101');
  await openEvent(page, text, id);
  await page.keyboard.press('p');
  await expect(page.getByRole('dialog')).toContainText('城市内涝应急预案');
  await page.keyboard.press('Enter');
  await expect(status(page)).toHaveAttribute('data-status', 'dispatched');
  await page.getByRole('link', { name: '打开指挥视图' }).click();
  await expect(page.getByTestId('command-view')).toBeVisible();
  await expect(page.getByTestId('notified').locator('li')).toHaveCount(5);
  await waitForReady(page);
  await expect(page.locator('.event-map[data-loaded="true"]')).toBeVisible();
  // Let software WebGL draw the tiles before the picture is taken.
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/console-command.png` });
});

test('the queue in English, with batch selection and saved views', async ({ page }) => {
  await signIn(page, 'officer-310101');
  await page.goto('/console?lang=en');
  await waitForReady(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Duty console');
  const rows = page.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect(page.getByTestId('batch-bar')).toContainText('2 selected');
  await page.getByLabel('View name').fill('Overdue first');
  await page.getByRole('button', { name: 'Save this view' }).click();
  await expect(page.getByTestId('saved-views')).toContainText('Overdue first');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/console-en.png` });
});

test('warning publishing: draft, preview a valid CAP 1.2 message, publish, see it listed', async ({
  page,
}) => {
  await signIn(page, 'leader');
  await page.goto('/console/warnings');
  await waitForReady(page);
  const form = page.getByTestId('warning-form');
  await form.getByLabel('红色预警').check();
  await form.getByLabel('标题').fill('E2E 暴雨红色预警');
  await form.getByLabel('预警内容').fill('预计未来3小时黄浦区降雨量将达100毫米以上。');
  await form.getByLabel('防御指引').fill('停止户外活动，注意防范城市内涝。');
  await form.getByRole('checkbox', { name: '黄浦区' }).check();
  const map = page.getByTestId('draw-map');
  await expect(map).toHaveAttribute('data-loaded', 'true');
  const box = (await map.boundingBox())!;
  for (const [x, y] of [
    [0.45, 0.45],
    [0.6, 0.45],
    [0.6, 0.6],
    [0.45, 0.6],
  ] as const)
    await map.click({ position: { x: box.width * x, y: box.height * y } });
  await expect(form).toContainText('已绘制 4 个点');
  await form.getByRole('button', { name: '预览 CAP 报文' }).click();
  await expect(page.getByTestId('cap-valid')).toHaveAttribute('data-valid', 'true');
  await expect(page.getByTestId('cap-xml')).toContainText('<msgType>Alert</msgType>');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/console-warnings-preview.png` });
  await form.getByRole('button', { name: '发布' }).click();
  await expect(page.getByTestId('published').locator('li').first()).toContainText('E2E 暴雨红色预警');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/console-warnings.png` });
  const feed = await page.request.get('/api/cap/feed');
  expect(await feed.text()).toContain('E2E 暴雨红色预警');
});
