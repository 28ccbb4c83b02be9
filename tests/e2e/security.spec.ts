import { readFileSync } from 'node:fs';
import {
  DEMO_WALL_TOKEN,
  E2E_HOTLINE_KEY,
  expect,
  openWall,
  SCREENSHOT_DIR,
  signIn,
  test,
  waitForReady,
} from './fixtures';

const corpus = (JSON.parse(readFileSync('tests/fixtures/xss-corpus.json', 'utf8')) as { payloads: string[] })
  .payloads;

/** Drops the expected 401s of a refused sign-in from the guard's list (they are the point of that test). */
const expected401 = (errors: string[]) => {
  for (let i = errors.length - 1; i >= 0; i--) if (/401|Unauthorized/i.test(errors[i]!)) errors.splice(i, 1);
};

test.describe('signing in by role', () => {
  test('a signed-out visitor of /wall is sent to the sign-in page, in Chinese first', async ({ page }) => {
    await page.goto('/wall');
    await page.waitForURL(/\/login\?next=%2Fwall/);
    await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  });

  test('a wrong password shows the catalogue message, in either language', async ({ page, guard }) => {
    await page.goto('/login');
    await page.getByLabel('用户名').fill('leader');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');
    await expect(page.getByRole('alert')).toHaveAttribute('data-error-code', 'INVALID_CREDENTIALS');
    await page.getByRole('button', { name: '切换到英文' }).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong username or password');
    expected401(guard.errors);
  });

  test('the admin lands on /admin, manages a user, and cannot open the audit log', async ({ page }) => {
    await signIn(page, 'admin');
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.locator('[data-table="users"] [data-user="officer-310101"]')).toContainText('黄浦区');
    // Create an officer of 徐汇区 through the form.
    const form = page.locator('[data-form="create-user"]');
    await form.getByLabel('用户名').fill('e2e-officer');
    await form.getByLabel('姓名').fill('端到端值班员');
    await form.getByLabel('角色').selectOption('officer');
    await form.getByLabel('初始密码').fill('e2e-password-123');
    await form.getByLabel('徐汇区').check();
    await form.getByRole('button', { name: '新建用户' }).click();
    await expect(page.locator('[data-user="e2e-officer"]')).toContainText('徐汇区');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/admin.png` });
    await page.goto('/audit');
    await expect(page).toHaveURL(/\/admin$/);
  });

  test('the auditor lands on /audit, finds the admin’s change and a verified chain, and cannot open /admin', async ({
    page,
  }) => {
    await signIn(page, 'auditor');
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.locator('[data-chain]')).toHaveAttribute('data-chain', 'true');
    const form = page.locator('[data-form="audit-search"]');
    await form.getByLabel('操作', { exact: true }).fill('user');
    await form.getByRole('button', { name: '查询' }).click();
    await expect(page.locator('[data-table="audit"] tr[data-action="user.create"]').first()).toContainText(
      'admin',
    );
    await form.getByLabel('操作', { exact: true }).fill('auth.login');
    await form.getByRole('button', { name: '查询' }).click();
    await expect(page.locator('[data-table="audit"] tr[data-action="auth.login"]').first()).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/audit.png` });
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/audit$/);
  });

  test('an officer of 黄浦区 lands on the console, and its wall holds only 黄浦区 events', async ({
    page,
  }) => {
    await signIn(page, 'officer-310101');
    await expect(page).toHaveURL(/\/console$/);
    await page.goto('/wall');
    await waitForReady(page);
    const districts = await page.evaluate(async () => {
      const res = await fetch('/api/events?limit=500');
      const body = (await res.json()) as { items: { district: string | null }[] };
      return [...new Set(body.items.map((e) => e.district))];
    });
    expect(districts).toEqual(['310101']);
  });
});

test.describe('the wall display', () => {
  test('signs in with its device token and drops the token from the address bar', async ({ page }) => {
    await openWall(page);
    await waitForReady(page);
    expect(page.url()).not.toContain(DEMO_WALL_TOKEN);
    await expect(page.locator('.wall-header__status')).toHaveAttribute('data-status', 'live');
  });

  test('renders an XSS corpus pushed through the hotline as inert text', async ({ page, request }) => {
    test.setTimeout(180_000);
    await page.addInitScript(() => {
      // Traps: any payload that ran would set one of these (or call alert).
      window.alert = () => {
        (window as unknown as { __xss: unknown }).__xss = 'alert';
      };
    });
    await openWall(page);
    await waitForReady(page);
    // Reported now (Shanghai local time): among the newest events on the wall until the stream moves on — at
    // SIM_RATE 20 within seconds, so the corpus is pushed again (new order numbers) until its rows are read.
    const newest = page.locator('[data-panel="newest-events"] [data-event-id^="hotline:XSS-"]');
    let shown: string[] = [];
    for (let attempt = 1; shown.length === 0; attempt++) {
      const local = new Date(Date.now() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
      const stamp = `${Date.now().toString(36).toUpperCase()}${attempt}`;
      for (const [i, payload] of corpus.entries()) {
        const res = await request.post('/api/intake/hotline', {
          headers: { 'x-intake-key': E2E_HOTLINE_KEY, 'content-type': 'application/json' },
          data: {
            工单编号: `XSS-${stamp}-${i}`,
            受理时间: local,
            来电渠道: '网站',
            诉求类型: '投诉',
            诉求分类: '城市管理/占道经营',
            紧急程度: '一般',
            诉求内容: payload,
            地址: payload,
            经度: 121.485,
            纬度: 31.238,
            来电人: payload.slice(0, 50),
          },
        });
        expect(res.status(), payload).toBe(200);
      }
      try {
        await expect(newest.first()).toBeVisible({ timeout: 15_000 });
        shown = await newest.locator('.newest__desc').allInnerTexts();
      } catch (err) {
        if (attempt >= 4) throw err;
      }
      if (shown.length === 0 && attempt >= 4)
        throw new Error('the corpus rows left the panel before they were read');
    }
    // The payloads are there as text…
    for (const text of shown) expect(corpus).toContain(text);
    // …and nothing of them became markup or ran.
    const found = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const traps = Object.keys(w).filter((k) => k.startsWith('__xss'));
      const handlers = [...document.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`),
      );
      const inlineScripts = [...document.scripts].filter((s) => !s.src).length;
      // (MapLibre's attribution is a <details>, so that tag alone proves nothing; its handlers are checked above.)
      const frames = document.querySelectorAll(
        'iframe, object, embed, marquee, math, base, svg animate',
      ).length;
      const payloadAttrs = [...document.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].filter((a) => a.value.includes('__xss')).map((a) => `${el.tagName}[${a.name}]`),
      );
      const jsLinks = [...document.querySelectorAll('a[href], form[action]')].filter((el) =>
        /^\s*javascript:/i.test(el.getAttribute('href') ?? el.getAttribute('action') ?? ''),
      ).length;
      return { traps, handlers, inlineScripts, frames, jsLinks, payloadAttrs };
    });
    expect(found).toEqual({
      traps: [],
      handlers: [],
      inlineScripts: 0,
      frames: 0,
      jsLinks: 0,
      payloadAttrs: [],
    });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/wall-xss.png` });
  });

  test('is served with a CSP without inline script, no framing, nosniff and no referrer', async ({
    request,
  }) => {
    const res = await request.get('/wall');
    const csp = res.headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('worker-src');
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['referrer-policy']).toBe('no-referrer');
  });
});
