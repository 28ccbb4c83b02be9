import { describe, expect, it } from 'vitest';
import { LAYER_IDS } from '../../map/layer-binding';
import { parseWallParams, resolveLayout, withLayers } from './wall-params';

describe('wall URL parameters', () => {
  it('show every layer on the whole city with the layout picked by the display by default', () => {
    const p = parseWallParams('');
    expect(p.layout).toBe('auto');
    expect(p.district).toBeNull();
    expect([...p.layers]).toEqual([...LAYER_IDS]);
    expect(p.failPanels).toEqual([]);
  });

  it('read layout, district focus, layers and drills, ignoring what they do not know', () => {
    const p = parseWallParams(
      '?layout=wide&district=310101&layers=traffic,events,bogus&failPanel=event-kpis',
    );
    expect(p.layout).toBe('wide');
    expect(p.district).toBe('310101');
    expect([...p.layers]).toEqual(['traffic', 'events']);
    expect(p.failPanels).toEqual(['event-kpis']);
    expect(parseWallParams('?layout=giant&district=31').layout).toBe('auto');
    expect(parseWallParams('?district=31;drop').district).toBeNull();
    expect([...parseWallParams('?layers=').layers]).toEqual([]);
  });

  it('pick the layout from the display shape', () => {
    expect(resolveLayout('auto', 1920, 1080)).toBe('standard');
    expect(resolveLayout('auto', 3840, 2160)).toBe('standard');
    expect(resolveLayout('auto', 7680, 2160)).toBe('wide');
    expect(resolveLayout('auto', 1080, 1920)).toBe('portrait');
    expect(resolveLayout('map-only', 7680, 2160)).toBe('map-only');
  });

  it('write layer toggles back into the URL, keeping the other parameters', () => {
    expect(withLayers('?layout=wide', new Set(['events', 'traffic']))).toBe(
      '?layout=wide&layers=traffic%2Cevents',
    );
    expect(withLayers('?layout=wide&layers=events', new Set(LAYER_IDS))).toBe('?layout=wide');
  });
});
