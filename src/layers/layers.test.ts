import type { Layer } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import type { Camera, Sensor, Warning } from '../contract/entities';
import { CONGESTION_RGB, GRID_RAMP, SEVERITY_RGB, WARNING_RGB } from '../theme/palette';
import { cameraColor, createCamerasLayer } from './cameras-layer';
import { clusterColor, clusterRadius, createEventsLayer } from './events-layer';
import { cellShapes, createGridLayer, gridBreaks, gridFill } from './grid-layer';
import { iconKey, iconMapping, ICON_PX } from './event-icons';
import { pulseRing } from './pulse';
import { createSensorsLayer, sensorColor } from './sensors-layer';
import { createTrafficLayer, roadWidth, trafficColor } from './traffic-layer';
import { createWarningsLayer, warningShapes } from './warnings-layer';

const T = '2026-11-24T02:00:00.000Z';
const camera = (id: string, over: Partial<Camera> = {}): Camera => ({
  id,
  name: 'cam',
  location: { lon: 121.47, lat: 31.23 },
  district: '310101',
  street: null,
  online: true,
  direction: null,
  alarmEventId: null,
  updatedAt: T,
  ...over,
});
const sensor = (over: Partial<Sensor> = {}): Sensor => ({
  id: 's1',
  type: 'waterlogging',
  location: { lon: 121.47, lat: 31.23 },
  district: '310101',
  value: 3,
  unit: 'cm',
  alarm: false,
  alarmEventId: null,
  updatedAt: T,
  ...over,
});
const warning = (over: Partial<Warning> = {}): Warning => ({
  id: 'cma,1',
  identifier: '1',
  sender: 'cma',
  sent: T,
  msgType: 'Alert',
  level: 'orange',
  event: '暴雨',
  headline: '上海市气象台发布暴雨橙色预警',
  description: '',
  instruction: '',
  areas: [
    {
      desc: '黄浦区',
      polygons: [
        [
          [121.4, 31.2],
          [121.5, 31.2],
          [121.5, 31.3],
          [121.4, 31.2],
        ],
      ],
    },
  ],
  effective: T,
  expires: null,
  active: true,
  updatedAt: T,
  ...over,
});

/** The sub-layers a composite layer renders (deck calls renderLayers the same way). */
const subLayers = (layer: Layer) =>
  ((layer as unknown as { renderLayers(): (Layer | false | null)[] }).renderLayers() ?? []).filter(
    (l): l is Layer => Boolean(l),
  );

describe('layer factories', () => {
  it('give every unit a stable id and toggle it with `visible` rather than removing it', () => {
    const layers = [
      createTrafficLayer([], { rev: 1, levelOf: () => undefined }),
      createEventsLayer([], { rev: 1 }),
      createCamerasLayer([], { rev: 1, visible: false }),
      createSensorsLayer([], { rev: 1 }),
      createGridLayer([], {
        countOf: () => 0,
        breaks: [1, 2, 3, 4],
        countsRev: 1,
        workers: [],
        workersRev: 1,
      }),
      createWarningsLayer([], { rev: 1 }),
    ];
    expect(layers.map((l) => l.id)).toEqual(['traffic', 'events', 'cameras', 'sensors', 'grid', 'warnings']);
    expect(layers[2]!.props.visible).toBe(false);
    expect(layers[0]!.props.visible).toBe(true);
  });

  it('re-evaluate traffic colours only when the store rev moves (geometry never)', () => {
    const roads = [
      {
        id: 'r1',
        path: [
          [121.4, 31.2],
          [121.5, 31.2],
        ] as [number, number][],
        class: 'primary',
        district: null,
        lengthM: 100,
      },
    ];
    const layer = createTrafficLayer(roads, { rev: 7, levelOf: () => 'jammed' });
    expect(layer.props.data).toBe(roads);
    expect(layer.props.updateTriggers).toEqual({ getColor: 7, getWidth: 1 });
    expect(trafficColor('jammed')).toEqual([...CONGESTION_RGB.jammed, 230]);
    expect(trafficColor(undefined)[3]).toBe(0);
    expect(roadWidth('primary')).toBeGreaterThan(roadWidth('residential'));
  });

  it('draw clusters, count labels and pulses as sub-layers of the events layer', () => {
    const data = [
      { position: [121.4, 31.2] as [number, number], count: 12, worst: 'I' as const, event: null },
      { position: [121.5, 31.2] as [number, number], count: 1, worst: 'IV' as const, event: null },
    ];
    const layer = createEventsLayer(data, {
      rev: 3,
      pulses: [{ id: 'x', position: [121.4, 31.2], severity: 'I' }],
    });
    const subs = subLayers(layer);
    expect(subs.map((l) => l.id)).toEqual(['events-clusters', 'events-counts', 'events-pulse']);
    expect(subs[1]!.props.data).toEqual([data[0]]);
    expect(clusterColor({ worst: 'I' })).toEqual([...SEVERITY_RGB.I, 235]);
    expect(clusterRadius(1000)).toBeGreaterThan(clusterRadius(10));
    expect(clusterRadius(10_000) / clusterRadius(100)).toBeLessThan(3);
  });

  it('draw single events as category icons when an atlas is given', () => {
    const single = {
      position: [121.5, 31.2] as [number, number],
      count: 1,
      worst: 'II' as const,
      event: null,
    };
    const layer = createEventsLayer([single], {
      rev: 1,
      icons: { image: {} as HTMLCanvasElement, mapping: iconMapping() },
    });
    expect(subLayers(layer).map((l) => l.id)).toContain('events-icons');
    const m = iconMapping();
    expect(Object.keys(m)).toHaveLength(23 * 4);
    expect(m[iconKey('fire', 'I')]).toMatchObject({ width: ICON_PX, height: ICON_PX });
  });

  it('colour cameras by state and highlight AI alarms', () => {
    expect(cameraColor(camera('1', { online: false }))).not.toEqual(cameraColor(camera('2')));
    expect(cameraColor(camera('3', { alarmEventId: 'video:1' })).slice(0, 3)).toEqual(SEVERITY_RGB.I);
    const layer = createCamerasLayer([camera('1'), camera('2', { alarmEventId: 'video:2' })], { rev: 1 });
    const alarms = subLayers(layer).find((l) => l.id === 'cameras-alarms')!;
    expect((alarms.props.data as Camera[]).map((c) => c.id)).toEqual(['2']);
  });

  it('colour sensors by type and pulse those in alarm', () => {
    expect(sensorColor(sensor()).slice(0, 3)).not.toEqual(sensorColor(sensor({ type: 'noise' })).slice(0, 3));
    const layer = createSensorsLayer([sensor(), sensor({ id: 's2', alarm: true })], { rev: 1, phase: 0.5 });
    const alarms = subLayers(layer).find((l) => l.id === 'sensors-alarms')!;
    expect((alarms.props.data as Sensor[]).map((s) => s.id)).toEqual(['s2']);
    expect(pulseRing(0)).toEqual({ scale: 1, alpha: 220 });
    expect(pulseRing(1).alpha).toBe(0);
  });

  it('shade grid cells by open events in classes and leave empty cells transparent', () => {
    const breaks = gridBreaks([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(breaks).toEqual([3, 5, 7, 9]);
    expect(gridFill(0, breaks)[3]).toBe(0);
    expect(gridFill(1, breaks).slice(0, 3)).toEqual(GRID_RAMP[0]);
    expect(gridFill(8, breaks).slice(0, 3)).toEqual(GRID_RAMP[3]);
    expect(gridFill(25, breaks).slice(0, 3)).toEqual(GRID_RAMP[4]);
    expect(gridBreaks([])).toEqual([1, 2, 3, 4]);
    const shapes = cellShapes([
      {
        type: 'Feature',
        id: '310101001001001',
        properties: {
          code: '310101001001001',
          street: '310101001',
          district: '310101',
          community: '001',
          areaM2: 1,
        },
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
            [
              [
                [2, 2],
                [3, 2],
                [3, 3],
                [2, 2],
              ],
            ],
          ],
        },
      },
    ]);
    expect(shapes.map((s) => s.code)).toEqual(['310101001001001', '310101001001001']);
  });

  it('draw active warnings by level with the headline once per warning', () => {
    const shapes = warningShapes([
      warning(),
      warning({ id: 'cma,2', level: 'red', sent: '2026-11-24T03:00:00.000Z' }),
      warning({ id: 'cma,3', active: false }),
    ]);
    expect(shapes.map((s) => s.id)).toEqual(['cma,1', 'cma,2']); // red drawn last
    expect(shapes[0]!.labelAt[0]).toBeCloseTo(121.45);
    const layer = createWarningsLayer(shapes, { rev: 1, labels: true });
    const subs = subLayers(layer);
    expect(subs.map((l) => l.id)).toEqual(['warnings-areas', 'warnings-headlines']);
    expect(WARNING_RGB.red).toEqual(SEVERITY_RGB.I);
    expect(subLayers(createWarningsLayer(shapes, { rev: 1, labels: false })).map((l) => l.id)).toEqual([
      'warnings-areas',
    ]);
  });
});
