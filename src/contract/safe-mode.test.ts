import { describe, expect, it } from 'vitest';
import type { Event } from './event';
import { hasPhoneLike, redactEvent, redactText, SafeModeConfig, safeHiding } from './safe-mode';

describe('redactText', () => {
  it.each([
    ['请回电13912345678谢谢', '请回电***谢谢'],
    ['联系人 139****5678', '联系人 ***'],
    ['电话 139-1234-5678', '电话 ***'],
    ['+86 13912345678', '***'],
    ['座机 021-63211234 转', '座机 *** 转'],
    ['021-6****234', '***'],
    ['身份证 31010119800101123X', '身份证 ***X'],
  ])('removes the number in %j', (text, expected) => {
    expect(redactText(text)).toBe(expected);
    expect(hasPhoneLike(redactText(text))).toBe(false);
  });

  it.each(['南京东路100号', '12345热线', '积水深度 35 cm', '2026-05-12 08:30', 'Ⅰ级 特别重大'])(
    'leaves %j alone',
    (text) => {
      expect(redactText(text)).toBe(text);
      expect(hasPhoneLike(text)).toBe(false);
    },
  );
});

describe('redactEvent', () => {
  it('drops the reporter and every phone number in the texts', () => {
    const e = {
      title: '噪声扰民 13912345678',
      description: '请回电 139****5678',
      address: '南京东路1号 021-63211234',
      reporter: { name: '张**', phone: '139****5678' },
    } as Event;
    const r = redactEvent(e);
    expect(r.reporter).toBeNull();
    expect([r.title, r.description, r.address].some(hasPhoneLike)).toBe(false);
    expect(r.address).toBe('南京东路1号 ***');
  });
});

describe('safe-mode config', () => {
  it('reads layers, workers, sensor types and categories', () => {
    const cfg = SafeModeConfig.parse({
      hide: ['cameras', 'workers', 'sensors:wristband', 'category:elderly-care'],
    });
    const h = safeHiding(cfg.hide);
    expect([...h.layers]).toEqual(['cameras']);
    expect(h.workers).toBe(true);
    expect([...h.sensorTypes]).toEqual(['wristband']);
    expect([...h.categories]).toEqual(['elderly-care']);
  });

  it('refuses items it does not know', () => {
    for (const bad of ['camera', 'sensors:radar', 'category:aliens', 'workers:all'])
      expect(SafeModeConfig.safeParse({ hide: [bad] }).success, bad).toBe(false);
  });
});
