import { describe, expect, it } from 'vitest';
import type { ResolvedTarget, Scene } from '../../contract/tour';
import { BOX_MAX_ZOOM, POINT_ZOOM, sceneCamera, withinCity, type Framer } from './scene-camera';

const CITY = { bounds: [121.409, 31.179, 121.552, 31.279] as [number, number, number, number] };
const PADDING = { top: 10, right: 400, bottom: 200, left: 10 };
const scene = (over: Partial<Scene>): Scene => ({
  id: 's',
  title: { 'zh-CN': '场景', en: 'Scene' },
  narration: { 'zh-CN': '说明', en: 'Text' },
  target: { kind: 'live', ref: 'most-severe-event' },
  layers: [],
  panels: [],
  kpis: [],
  durationSec: 20,
  ...over,
});
const resolved = (over: Partial<ResolvedTarget>): ResolvedTarget => ({
  found: true,
  center: null,
  bbox: null,
  label: null,
  facts: {},
  eventId: null,
  camera: null,
  district: null,
  resolvedAt: '2026-05-12T02:00:00Z',
  ...over,
});
/** Records what it was asked to frame; answers the box's middle at zoom 14. */
function framer() {
  const calls: Parameters<Framer>[] = [];
  const frame: Framer = (bbox, opts) => {
    calls.push([bbox, opts]);
    return { center: [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2], zoom: 14 };
  };
  return { frame, calls };
}

describe('sceneCamera', () => {
  it("uses a view scene's own camera", () => {
    const { frame, calls } = framer();
    const cam = sceneCamera(
      scene({ target: { kind: 'view', center: [121.47, 31.23], zoom: 13, bearing: 20, pitch: 40 } }),
      null,
      CITY,
      frame,
      PADDING,
    );
    expect(cam).toEqual({ center: [121.47, 31.23], zoom: 13, bearing: 20, pitch: 40 });
    expect(calls).toEqual([]);
  });

  it("flies to a point target at the scene's zoom, bearing and pitch", () => {
    const { frame } = framer();
    const point = resolved({ center: [121.48, 31.22] });
    expect(
      sceneCamera(scene({ maxZoom: 16.5, bearing: 15, pitch: 50 }), point, CITY, frame, PADDING),
    ).toEqual({
      center: [121.48, 31.22],
      zoom: 16.5,
      bearing: 15,
      pitch: 50,
    });
    expect(sceneCamera(scene({}), point, CITY, frame, PADDING).zoom).toBe(POINT_ZOOM);
  });

  it('frames a box clear of the panels and narration, at the bearing, never closer than the cap', () => {
    const { frame, calls } = framer();
    const cam = sceneCamera(
      scene({ target: { kind: 'district', code: '310101' }, bearing: 30, pitch: 45 }),
      resolved({ bbox: [121.46, 31.19, 121.51, 31.25] }),
      CITY,
      frame,
      PADDING,
    );
    expect(calls).toEqual([
      [[121.46, 31.19, 121.51, 31.25], { bearing: 30, padding: PADDING, maxZoom: BOX_MAX_ZOOM }],
    ]);
    expect(cam).toMatchObject({ zoom: 14, bearing: 30, pitch: 45 });
    expect(cam.center[0]).toBeCloseTo(121.485, 6);
  });

  it('shows the whole city, straight down, when the target found nothing', () => {
    const { frame, calls } = framer();
    const cam = sceneCamera(
      scene({ bearing: 30, pitch: 45 }),
      resolved({ found: false }),
      CITY,
      frame,
      PADDING,
    );
    expect(calls[0]![0]).toEqual(CITY.bounds);
    expect(cam).toMatchObject({ bearing: 0, pitch: 0 });
  });

  it('frames only the part of a district inside the city, and keeps a box wholly outside as it is', () => {
    const { frame, calls } = framer();
    sceneCamera(
      scene({ target: { kind: 'district', code: '310107' } }),
      resolved({ bbox: [121.3, 31.22, 121.45, 31.32] }),
      CITY,
      frame,
      PADDING,
    );
    expect(calls[0]![0]).toEqual([121.409, 31.22, 121.45, 31.279]);
    expect(withinCity([121.0, 31.0, 121.1, 31.1], CITY.bounds)).toEqual([121.0, 31.0, 121.1, 31.1]);
  });
});
