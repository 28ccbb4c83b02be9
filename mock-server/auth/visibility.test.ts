import { describe, expect, it } from 'vitest';
import type { Event } from '../../src/contract/event';
import { inScope, maskName, maskPhone, maskPhonesInText, scopedDistricts, viewEvent } from './visibility';

const event: Event = {
  id: 'hotline:SH1',
  source: 'hotline',
  nativeId: 'SH1',
  category: 'noise',
  title: '投诉 · 噪声',
  description: '夜间施工噪声，请回电13912345678',
  severity: 'IV',
  status: 'reported',
  location: { lon: 121.48, lat: 31.23 },
  address: '上海市黄浦区南京东路1号',
  district: '310101',
  street: null,
  grid: null,
  reportedAt: '2026-11-24T02:00:00.000Z',
  updatedAt: '2026-11-24T02:00:00.000Z',
  sourceUpdatedAt: '2026-11-24T02:00:00.000Z',
  slaDueAt: null,
  assignee: null,
  relatedIds: [],
  cameraIds: [],
  reporter: { name: '张三丰', phone: '13912345678' },
  attributes: {},
  version: 1,
};

describe('personal-data masking', () => {
  it('keeps the surname and stars the rest of a name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
  });

  it('keeps the first three and last four digits of a phone number', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('021-64381234')).toBe('021-****1234');
  });

  it('masks mobile numbers inside free text but not other digit runs', () => {
    expect(maskPhonesInText('请回电13912345678，工单2026112400001')).toBe(
      '请回电139****5678，工单2026112400001',
    );
  });

  it('masks the reporter and the text for a leader or wall, and leaves an officer the full record', () => {
    for (const role of ['leader', 'wall'] as const) {
      const seen = viewEvent(event, { role });
      expect(seen.reporter).toEqual({ name: '张**', phone: '139****5678' });
      expect(seen.description).toBe('夜间施工噪声，请回电139****5678');
      expect(JSON.stringify(seen)).not.toContain('13912345678');
    }
    expect(viewEvent(event, { role: 'officer' })).toBe(event);
  });
});

describe('district scope', () => {
  const officer = { districts: ['310101'] };
  const city = { districts: null };

  it('cuts a requested district list to the scope and never widens it', () => {
    expect(scopedDistricts(officer, undefined)).toEqual(['310101']);
    expect(scopedDistricts(officer, ['310101', '310104'])).toEqual(['310101']);
    expect(scopedDistricts(officer, ['310104'])).toEqual([]);
    expect(scopedDistricts(city, undefined)).toBeUndefined();
    expect(scopedDistricts(city, ['310104'])).toEqual(['310104']);
  });

  it('hides an item without a district from a district-scoped principal', () => {
    expect(inScope(officer, '310101')).toBe(true);
    expect(inScope(officer, '310104')).toBe(false);
    expect(inScope(officer, null)).toBe(false);
    expect(inScope(city, null)).toBe(true);
  });
});
