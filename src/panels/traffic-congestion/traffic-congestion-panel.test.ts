import { describe, expect, it } from 'vitest';
import type { RoadSegmentState } from '../../contract/entities';
import { bandOf, congestionIndex } from './congestion-index';
import { BAND_COLOR, trafficCongestionOption } from './traffic-congestion-option';

const seg = (id: string, ratio: number, district: string | null): RoadSegmentState => ({
  id,
  speedKmh: 40 * ratio,
  freeFlowKmh: 40,
  ratio,
  level: ratio >= 0.7 ? 'free' : 'jammed',
  district,
  updatedAt: '2026-11-24T02:00:00.000Z',
});

describe('congestion index', () => {
  it('is 10 × the length-weighted mean of (1 − speed ratio), per district and overall', () => {
    const lengths: Record<string, number> = { a: 1000, b: 3000, c: 500 };
    const r = congestionIndex(
      [seg('a', 0.2, '310101'), seg('b', 1, '310101'), seg('c', 0.5, '310104')],
      (id) => lengths[id],
    );
    // 310101: (1000×0.8 + 3000×0) / 4000 × 10 = 2
    expect(r.districts.find((d) => d.district === '310101')!.index).toBeCloseTo(2);
    expect(r.districts.find((d) => d.district === '310104')!.index).toBeCloseTo(5);
    // city: (800 + 0 + 250) / 4500 × 10
    expect(r.city!.index).toBeCloseTo(10500 / 4500);
    expect(r.districts[0]!.district).toBe('310104'); // worst first
  });

  it('never goes below 0 for faster-than-free-flow traffic, and reports nothing without states', () => {
    expect(congestionIndex([seg('a', 1.4, '310101')], () => 100).city!.index).toBe(0);
    expect(congestionIndex([], () => 100)).toEqual({ city: null, districts: [] });
  });

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

  it('charts districts by name with the band colour', () => {
    const opt = trafficCongestionOption(
      [{ district: '310101', index: 8.44, band: 'severe', segments: 3 }],
      new Map([['310101', '黄浦区']]),
      20,
    ) as { yAxis: { data: string[] }; series: { data: { value: number; itemStyle: { color: string } }[] }[] };
    expect(opt.yAxis.data).toEqual(['黄浦区']);
    expect(opt.series[0]!.data[0]).toEqual({ value: 8.4, itemStyle: { color: BAND_COLOR.severe } });
  });
});
