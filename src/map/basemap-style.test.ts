import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { BASEMAP_ATTRIBUTION, createBasemapStyle } from './basemap-style';
import { SOURCE_LAYERS } from './basemap-tileset';

const ORIGIN = 'http://127.0.0.1:8080';
const FONTS = join(import.meta.dirname, '../../public/basemap/fonts');

describe('createBasemapStyle', () => {
  it.each(['zh-CN', 'en'] as const)('is a valid MapLibre style (%s)', (lang) => {
    const errors = validateStyleMin(createBasemapStyle(ORIGIN, { lang }));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('loads everything from the given origin and nothing remote', () => {
    const style = createBasemapStyle(`${ORIGIN}/`);
    const urls = JSON.stringify(style).match(/https?:\/\/[^"]*/g) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url.startsWith(`${ORIGIN}/basemap/`)).toBe(true);
    expect(style.glyphs).toBe(`${ORIGIN}/basemap/fonts/{fontstack}/{range}.pbf`);
    expect(style.sprite).toBe(`${ORIGIN}/basemap/sprites/dark`);
    const source = style.sources['basemap'];
    expect(source).toMatchObject({
      type: 'vector',
      url: `${ORIGIN}/basemap/tiles.json`,
      tiles: [`${ORIGIN}/basemap/tiles/{z}/{x}/{y}.pbf`],
      attribution: BASEMAP_ATTRIBUTION,
    });
  });

  it('uses only source layers the tiles contain and glyph stacks that exist', () => {
    const known = new Set<string>(Object.values(SOURCE_LAYERS));
    for (const layer of createBasemapStyle(ORIGIN).layers) {
      if ('source-layer' in layer && layer['source-layer']) expect(known).toContain(layer['source-layer']);
      if (layer.type === 'symbol') {
        // Each stack is a glyph directory (committed) and a CSS font list ending in the CJK face.
        const stack = (layer.layout?.['text-font'] as string[]).join(',');
        expect(existsSync(join(FONTS, stack, '0-255.pbf'))).toBe(true);
        expect(stack.endsWith(',Noto Sans SC')).toBe(true);
      }
    }
  });

  it('labels with the Chinese name, or the English one falling back to Chinese', () => {
    const label = (lang: 'zh-CN' | 'en') =>
      createBasemapStyle(ORIGIN, { lang }).layers.find((l) => l.id === 'basemap-district-label');
    expect(label('zh-CN')).toMatchObject({ layout: { 'text-field': ['get', 'name'] } });
    expect(label('en')).toMatchObject({
      layout: { 'text-field': ['coalesce', ['get', 'name_en'], ['get', 'name']] },
    });
  });
});
