import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTour, formatTourIssue, issuePath, type TourInput, type TourIssue } from './tour';

const CITY = {
  bounds: [121.409, 31.179, 121.552, 31.279] as [number, number, number, number],
  districts: [
    {
      code: '310101',
      name: '黄浦区',
      nameEn: 'Huangpu',
      bbox: [121.46, 31.19, 121.51, 31.25] as [number, number, number, number],
    },
  ],
};

const good = (): TourInput => ({
  id: 'sample',
  title: { 'zh-CN': '样例导览', en: 'Sample tour' },
  scenes: [
    {
      id: 'overview',
      title: { 'zh-CN': '城市总览', en: 'Overview' },
      narration: { 'zh-CN': '全城一张图。', en: 'The whole city on one map.' },
      target: { kind: 'view', center: [121.47, 31.23], zoom: 12.4 },
      layers: ['traffic', 'events'],
      panels: ['event-kpis'],
      kpis: ['open'],
      durationSec: 20,
    },
    {
      id: 'severe',
      title: { 'zh-CN': '重大事件', en: 'Severe event' },
      narration: { 'zh-CN': '最严重的是{label}（{value}）。', en: 'The most severe: {label} ({value}).' },
      target: { kind: 'live', ref: 'most-severe-event', category: 'fire' },
      maxZoom: 16,
      pitch: 45,
      layers: ['events', 'cameras'],
      video: { camera: 'target' },
      durationSec: 30,
    },
    {
      id: 'huangpu',
      title: { 'zh-CN': '黄浦区', en: 'Huangpu' },
      narration: { 'zh-CN': '{label}。', en: '{label}.' },
      target: { kind: 'district', code: '310101' },
      layers: [],
      durationSec: 15,
    },
  ],
});

/** The issues of `tour` after `edit`, in the readable form the server logs. */
type Editable = Record<string, unknown> & { scenes: Record<string, unknown>[] };
function issuesOf(edit: (t: Editable) => void, city = CITY): TourIssue[] {
  const t = structuredClone(good()) as unknown as Editable;
  edit(t);
  const r = checkTour(t, city);
  if (r.ok) throw new Error('expected issues, the tour passed');
  return r.issues;
}

describe('checkTour', () => {
  it('accepts a good tour and fills the defaults', () => {
    const r = checkTour(good(), CITY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.tour.scenes[0]!.target).toMatchObject({ bearing: 0, pitch: 0 });
    expect(r.tour.scenes[2]!.panels).toEqual([]);
  });

  it('accepts the demo tour of the Shanghai city pack', () => {
    const raw: unknown = JSON.parse(
      readFileSync(
        join(import.meta.dirname, '../../mock-server/city-packs/shanghai/tours/demo.json'),
        'utf8',
      ),
    );
    const r = checkTour(raw, CITY);
    expect(r.ok ? [] : r.issues.map(formatTourIssue)).toEqual([]);
    if (r.ok) expect(r.tour.scenes.length).toBeGreaterThanOrEqual(6);
  });

  it('names the scene (number, title, id) and the field of a missing narration', () => {
    const [issue, ...rest] = issuesOf((t) => {
      delete (t.scenes[1]!['narration'] as Record<string, unknown>)['en'];
    });
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      scene: 1,
      sceneId: 'severe',
      sceneTitle: '重大事件',
      field: 'narration.en',
    });
    expect(formatTourIssue(issue!)).toMatch(/^scene 2 "重大事件" \(severe\) · narration\.en: /);
    expect(issuePath(issue!)).toBe('scenes.1.narration.en');
  });

  it('names an empty Chinese title', () => {
    const issues = issuesOf((t) => {
      (t.scenes[0]!['title'] as Record<string, string>)['zh-CN'] = '   ';
    });
    expect(issues.map((i) => [i.scene, i.field, i.code])).toEqual([[0, 'title.zh-CN', 'too_small']]);
  });

  it('refuses an unknown target kind, naming target.kind', () => {
    const issues = issuesOf((t) => {
      t.scenes[2]!['target'] = { kind: 'street', code: '310101002' };
    });
    expect(issues.map((i) => [i.scene, i.field])).toEqual([[2, 'target.kind']]);
  });

  it('refuses an unknown live reference and a misspelt field', () => {
    const issues = issuesOf((t) => {
      t.scenes[1]!['target'] = { kind: 'live', ref: 'worst-thing' };
      t.scenes[0]!['naration'] = 'typo';
    });
    expect(issues.map((i) => [i.scene, i.field, i.code]).sort()).toEqual([
      [0, 'naration', 'unrecognized_keys'],
      [1, 'target.ref', 'invalid_value'],
    ]);
    expect(issues.find((i) => i.scene === 0)!.message).toContain('naration');
  });

  it('refuses a camera position outside the zoom range and an unknown layer or panel', () => {
    const issues = issuesOf((t) => {
      t.scenes[0]!['target'] = { kind: 'view', center: [121.47, 31.23], zoom: 25 };
      t.scenes[0]!['layers'] = ['traffic', 'satellites'];
      t.scenes[0]!['panels'] = ['event-kpis', 'left-top'];
    });
    expect(issues.map((i) => `${i.scene}:${i.field}`).sort()).toEqual([
      '0:layers.1',
      '0:panels.1',
      '0:target.zoom',
    ]);
  });

  it('refuses a duration out of range', () => {
    const issues = issuesOf((t) => {
      t.scenes[2]!['durationSec'] = 2;
    });
    expect(issues.map((i) => [i.scene, i.field])).toEqual([[2, 'durationSec']]);
  });

  it('refuses duplicate scene ids, naming the second scene', () => {
    const issues = issuesOf((t) => {
      t.scenes[2]!['id'] = 'overview';
    });
    expect(issues.map((i) => [i.scene, i.field, i.reason])).toEqual([[2, 'id', 'duplicate-id']]);
  });

  it('refuses KPIs without the KPI panel, and a layer listed twice', () => {
    const issues = issuesOf((t) => {
      t.scenes[0]!['panels'] = ['events-trend'];
      t.scenes[0]!['layers'] = ['events', 'events'];
    });
    expect(issues.map((i) => [i.scene, i.field, i.reason]).sort()).toEqual([
      [0, 'kpis', 'kpis-need-panel'],
      [0, 'layers.1', 'duplicate'],
    ]);
  });

  it("refuses the target's camera for a target that is not an event", () => {
    const issues = issuesOf((t) => {
      t.scenes[2]!['video'] = { camera: 'target' };
    });
    expect(issues.map((i) => [i.scene, i.field, i.reason])).toEqual([
      [2, 'video.camera', 'camera-needs-event'],
    ]);
  });

  it('refuses a malformed camera id', () => {
    const issues = issuesOf((t) => {
      t.scenes[2]!['video'] = { camera: '3101' };
    });
    expect(issues.map((i) => [i.scene, i.field])).toEqual([[2, 'video.camera']]);
  });

  it('refuses unknown placeholders, and placeholders a view cannot fill', () => {
    const issues = issuesOf((t) => {
      (t.scenes[1]!['narration'] as Record<string, string>)['en'] = 'The worst: {name}.';
      (t.scenes[0]!['narration'] as Record<string, string>)['zh-CN'] = '全城{label}';
    });
    expect(issues.map((i) => [i.scene, i.field, i.reason]).sort()).toEqual([
      [0, 'narration.zh-CN', 'placeholder-needs-target'],
      [1, 'narration.en', 'unknown-placeholder'],
    ]);
  });

  it('refuses narrowing a reference with a filter it does not take', () => {
    const issues = issuesOf((t) => {
      t.scenes[1]!['target'] = { kind: 'live', ref: 'busiest-street', sensorType: 'waterlogging' };
      t.scenes[1]!['video'] = undefined;
    });
    expect(issues.map((i) => [i.scene, i.field, i.reason])).toEqual([
      [1, 'target.sensorType', 'sensor-type-not-for-ref'],
    ]);
  });

  it('refuses a district the city does not have and a view outside its map', () => {
    const issues = issuesOf((t) => {
      t.scenes[2]!['target'] = { kind: 'district', code: '110101' };
      t.scenes[0]!['target'] = { kind: 'view', center: [116.4, 39.9], zoom: 12 };
    });
    expect(issues.map((i) => [i.scene, i.field, i.reason]).sort()).toEqual([
      [0, 'target.center', 'outside-city'],
      [2, 'target.code', 'unknown-district'],
    ]);
  });

  it('refuses a tour without scenes and an unknown safe-mode item, as tour-level issues', () => {
    const r = checkTour({ ...good(), scenes: [], safeMode: { hide: ['cameras', 'sensors:radar'] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.scene, i.field]).sort()).toEqual([
      [null, 'safeMode.hide.1'],
      [null, 'scenes'],
    ]);
    expect(formatTourIssue(r.issues[0]!)).toMatch(/^tour · /);
  });

  it('does not throw on input that is not a tour at all', () => {
    for (const raw of [null, 42, 'tour', [], { scenes: 'many' }]) expect(checkTour(raw).ok).toBe(false);
  });
});
