import { describe, expect, it } from 'vitest';
import type { EventsHourly } from '../../contract/stats';
import { eventsTrendOption, hourLabels } from './events-trend-option';

const data: EventsHourly = {
  from: '2026-11-24T00:00:00.000Z',
  to: '2026-11-24T02:00:00.000Z',
  buckets: [
    { start: '2026-11-24T00:00:00.000Z', reported: 3, closed: 1 },
    { start: '2026-11-24T01:00:00.000Z', reported: 5, closed: 0 },
  ],
};

describe('24-hour trend', () => {
  it('labels hours in the city time zone', () => {
    expect(hourLabels(data.buckets, 'Asia/Shanghai')).toEqual(['08', '09']);
  });

  it('draws reported and closed per hour as two named lines', () => {
    const opt = eventsTrendOption(data, 'Asia/Shanghai', { reported: '上报', closed: '结案' }, 16) as {
      series: { name: string; data: number[] }[];
    };
    expect(opt.series.map((s) => [s.name, s.data])).toEqual([
      ['上报', [3, 5]],
      ['结案', [1, 0]],
    ]);
  });
});
