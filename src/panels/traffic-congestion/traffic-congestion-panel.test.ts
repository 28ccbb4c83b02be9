import { describe, expect, it } from 'vitest';
import type { DistrictTraffic } from '../../contract/traffic';
import {
  BAND_COLOR,
  bandOf,
  congestionRows,
  overallIndex,
  trafficCongestionOption,
} from './traffic-congestion-option';

const d = (district: string, index: number, lengthKm: number, segments = 10): DistrictTraffic => ({
  district,
  name: `区${district}`,
  index,
  band: bandOf(index),
  congestedShare: 0,
  lengthKm,
  segments,
  updatedAt: '2026-11-24T02:00:00.000Z',
});

describe('traffic congestion panel', () => {
  it('bands the index like the 交通运行指数', () => {
    expect([0, 1.99, 2, 4, 6, 8, 10].map(bandOf)).toEqual([
      'smooth',
      'smooth',
      'basically-smooth',
      'light',
      'moderate',
      'severe',
      'severe',
    ]);
  });

  it('weights the overall index by the road length each district reports on', () => {
    expect(overallIndex([d('310101', 2, 100), d('310104', 8, 300)])).toEqual({
      index: 6.5,
      band: 'moderate',
    });
    expect(overallIndex([])).toBeNull();
  });

  it('lists districts with data worst first, or only the focused district', () => {
    const items = [d('310101', 2, 10), d('310104', 7, 10), d('310105', 9, 10, 0)];
    expect(congestionRows(items, null, 5).map((r) => r.district)).toEqual(['310104', '310101']);
    expect(congestionRows(items, '310101', 5).map((r) => r.district)).toEqual(['310101']);
  });

  it('charts districts by name with the band colour', () => {
    const opt = trafficCongestionOption([d('310101', 8.44, 10)], 20) as {
      yAxis: { data: string[] };
      series: { data: { value: number; itemStyle: { color: string } }[] }[];
    };
    expect(opt.yAxis.data).toEqual(['区310101']);
    expect(opt.series[0]!.data[0]).toEqual({ value: 8.4, itemStyle: { color: BAND_COLOR.severe } });
  });
});
