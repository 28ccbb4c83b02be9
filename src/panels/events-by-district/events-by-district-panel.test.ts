import { describe, expect, it } from 'vitest';
import { testEvent } from '../../layers/test-events';
import { countByPlace, eventsByDistrictOption } from './events-by-district-option';

describe('events by district', () => {
  const events = [
    testEvent('1', { district: '310101', street: '310101002' }),
    testEvent('2', { district: '310101', street: '310101002' }),
    testEvent('3', { district: '310104', street: null }),
    testEvent('4', { district: null, street: null }),
    testEvent('5', { district: '310104', status: 'closed' }),
  ];
  const names = new Map([
    ['310101', '黄浦区'],
    ['310104', '徐汇区'],
    ['310101002', '南京东路街道'],
  ]);

  it('counts open events per district, unlocated ones included, so the bars add up to the open total', () => {
    expect(countByPlace(events, 'district', names, '未定位')).toEqual([
      { code: '310101', label: '黄浦区', count: 2 },
      { code: '', label: '未定位', count: 1 },
      { code: '310104', label: '徐汇区', count: 1 },
    ]);
  });

  it('counts per 街道 on a display focused on one district', () => {
    const rows = countByPlace(events, 'street', names, '未定位');
    expect(rows).toContainEqual({ code: '310101002', label: '南京东路街道', count: 2 });
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(4);
  });

  it('charts the largest on top', () => {
    const opt = eventsByDistrictOption(countByPlace(events, 'district', names, '未定位'), 16) as {
      yAxis: { data: string[] };
    };
    expect(opt.yAxis.data.at(-1)).toBe('黄浦区');
  });
});
