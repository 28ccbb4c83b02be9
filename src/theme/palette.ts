import type { CongestionLevel, SensorType, WarningLevel } from '../contract/entities';
import type { EventStatus, Severity } from '../contract/event';
import type { FeedState } from '../contract/feed-health';

export type Rgb = [number, number, number];

/**
 * The one definition of semantic colours, used by deck.gl layers (RGB), ECharts options and CSS (custom
 * properties set by `applyPalette`). Severity and warning levels follow China's warning colours:
 * I / red, II / orange, III / yellow, IV / blue.
 */
export const SEVERITY_RGB: Record<Severity, Rgb> = {
  I: [255, 59, 48],
  II: [255, 140, 26],
  III: [255, 214, 10],
  IV: [58, 160, 255],
};

/**
 * Lifecycle statuses (the duty console): hues apart from the severity ramp, calm at rest, warm where something
 * waits on someone (returned, reopened), green once verified, grey when closed.
 */
export const STATUS_RGB: Record<EventStatus, Rgb> = {
  reported: [142, 170, 214],
  accepted: [76, 194, 255],
  dispatched: [150, 140, 255],
  'in-progress': [240, 180, 80],
  resolved: [64, 206, 180],
  verified: [72, 200, 110],
  closed: [112, 126, 150],
  returned: [255, 128, 96],
  reopened: [232, 112, 200],
};

export const WARNING_RGB: Record<WarningLevel, Rgb> = {
  red: [255, 59, 48],
  orange: [255, 140, 26],
  yellow: [255, 214, 10],
  blue: [58, 160, 255],
};

export const FEED_STATE_RGB: Record<FeedState, Rgb> = {
  healthy: [48, 209, 88],
  waiting: [142, 160, 190],
  stale: [255, 159, 10],
  down: [255, 69, 58],
};

/** Traffic by speed ratio, the green → dark red ramp of Chinese traffic maps. */
export const CONGESTION_RGB: Record<CongestionLevel, Rgb> = {
  free: [52, 199, 89],
  slow: [255, 204, 0],
  congested: [255, 102, 0],
  jammed: [200, 16, 46],
};

/** Sensor types: hues distinct from the severity ramp so an alarm (red pulse) stands out. */
export const SENSOR_RGB: Record<SensorType, Rgb> = {
  waterlogging: [64, 156, 255],
  'manhole-tilt': [175, 130, 255],
  'building-tilt': [255, 120, 200],
  pm25: [160, 200, 120],
  noise: [120, 220, 220],
  wristband: [255, 190, 120],
};

export const CAMERA_RGB = { online: [76, 194, 255] as Rgb, offline: [110, 125, 150] as Rgb };
export const WORKER_RGB: Record<'patrolling' | 'handling' | 'off-duty', Rgb> = {
  patrolling: [94, 234, 212],
  handling: [250, 204, 21],
  'off-duty': [110, 125, 150],
};
/** Alarms (sensor, camera AI): the severity-I red, so every alarm on the wall reads the same. */
export const ALARM_RGB: Rgb = SEVERITY_RGB.I;
/** Choropleth ramp of open events per grid cell (dark blue → magenta), low counts stay quiet. */
export const GRID_RAMP: readonly Rgb[] = [
  [30, 60, 110],
  [60, 80, 170],
  [120, 80, 200],
  [190, 70, 190],
  [240, 70, 140],
];
export const ACCENT_RGB: Rgb = [76, 194, 255];
export const TEXT_RGB: Rgb = [230, 237, 247];
export const TEXT_2_RGB: Rgb = [159, 176, 201];
export const GRID_LINE_RGB: Rgb = [31, 48, 80];

export const css = ([r, g, b]: Rgb, a = 1) =>
  a === 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${a})`;

/** Publishes the palette as CSS custom properties (--sev-I, --feed-healthy, --traffic-jammed …) on the root. */
export function applyPalette(root: HTMLElement = document.documentElement): void {
  const groups: [string, Record<string, Rgb>][] = [
    ['sev', SEVERITY_RGB],
    ['feed', FEED_STATE_RGB],
    ['warn', WARNING_RGB],
    ['traffic', CONGESTION_RGB],
    ['sensor', SENSOR_RGB],
    ['camera', CAMERA_RGB],
    ['worker', WORKER_RGB],
    ['status', STATUS_RGB],
  ];
  for (const [prefix, colours] of groups)
    for (const [k, v] of Object.entries(colours)) root.style.setProperty(`--${prefix}-${k}`, css(v));
  root.style.setProperty('--alarm', css(ALARM_RGB));
}
