import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { SOURCE_LAYERS } from '../../src/map/basemap-tileset';
import { labelPoint, type BBox } from './label-point';
import { DRIVABLE_CLASSES, lengthM, round6, type OsmData, type RoadClass, type LonLat } from './osm';
import { cleanProps, type LayerInput } from './tiles';

/** One road of the simulators' network (`generated/roads.json`, read by mock-server/city-packs/load.ts). */
export interface NetworkRoad {
  id: string;
  name: string;
  nameEn: string | null;
  class: RoadClass;
  coords: LonLat[];
  lengthM: number;
}

export interface BasemapSources {
  osm: OsmData;
  water: FeatureCollection;
  waterways: FeatureCollection;
  green: FeatureCollection;
  districts: FeatureCollection;
  streets: FeatureCollection;
  /** GB/T 2260 code → official name (the CSV code tables win over names in the geometry files). */
  codeNames: Map<string, string>;
  /** The city pack's bounds: label points are placed inside them so every focus district gets its name on screen. */
  labelView: BBox;
}

// Lower zooms carry only what the style draws there, so z9–z12 tiles stay small.
const ROAD_MINZOOM: Record<RoadClass, number> = {
  motorway: 9,
  trunk: 9,
  primary: 9,
  secondary: 10,
  tertiary: 11,
  residential: 12,
  service: 13,
};

const feature = (geometry: Geometry, props: Record<string, unknown>): Feature => ({
  type: 'Feature',
  geometry,
  properties: cleanProps(props),
});

const isPolygonal = (f: Feature): f is Feature<Polygon | MultiPolygon> =>
  f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon';

/** Turns the parsed sources into the tile layer inputs the style expects (see basemap-tileset.ts). */
export function layerInputs(src: BasemapSources): LayerInput[] {
  const inputs: LayerInput[] = [];
  const push = (layer: string, minzoom: number, features: Feature[]): void => {
    if (features.length > 0) inputs.push({ layer, minzoom, features });
  };

  const pick = (fc: FeatureCollection, keep: (f: Feature) => boolean = () => true): Feature[] =>
    fc.features
      .filter((f) => f.geometry && keep(f))
      .map((f) => feature(f.geometry, { class: f.properties?.['fclass'], name: f.properties?.['name'] }));
  push(SOURCE_LAYERS.water, 9, pick(src.water));
  const majorWaterway = (f: Feature): boolean =>
    ['river', 'canal'].includes(String(f.properties?.['fclass']));
  push(SOURCE_LAYERS.waterway, 11, pick(src.waterways, majorWaterway));
  push(
    SOURCE_LAYERS.waterway,
    13,
    pick(src.waterways, (f) => !majorWaterway(f)),
  );
  push(SOURCE_LAYERS.green, 10, pick(src.green));

  const byZoom = new Map<number, Feature[]>();
  for (const r of src.osm.roads) {
    const minzoom = ROAD_MINZOOM[r.class] + (r.link ? 1 : 0);
    const props = {
      class: r.class,
      link: r.link,
      name: r.name,
      name_en: r.nameEn,
      ref: r.ref,
      bridge: r.bridge,
      tunnel: r.tunnel,
    };
    const list = byZoom.get(minzoom) ?? [];
    for (const part of r.parts) list.push(feature({ type: 'LineString', coordinates: part }, props));
    byZoom.set(minzoom, list);
  }
  for (const [minzoom, features] of [...byZoom].sort((a, b) => a[0] - b[0]))
    push(SOURCE_LAYERS.roads, minzoom, features);

  push(
    SOURCE_LAYERS.signals,
    13,
    src.osm.signals.map((p) => feature({ type: 'Point', coordinates: p }, {})),
  );

  const districts = src.districts.features.filter(isPolygonal).map((f) => {
    const code = String(f.properties?.['gb_code'] ?? '');
    const name = src.codeNames.get(code) ?? String(f.properties?.['name'] ?? code);
    const nameEn = f.properties?.['name_en']
      ? String(f.properties['name_en']).replace(/ District$/, '')
      : null;
    return { geometry: f.geometry, props: { code, name, name_en: nameEn } };
  });
  const streets = src.streets.features.filter(isPolygonal).map((f) => {
    const code = String(f.properties?.['code9'] ?? '');
    const name = src.codeNames.get(code) ?? String(f.properties?.['name'] ?? code);
    return { geometry: f.geometry, props: { code, name, district: f.properties?.['district_code'] } };
  });
  push(
    SOURCE_LAYERS.districts,
    9,
    districts.map((d) => feature(d.geometry, d.props)),
  );
  push(
    SOURCE_LAYERS.streets,
    11,
    streets.map((s) => feature(s.geometry, s.props)),
  );
  const labels = (items: { geometry: Polygon | MultiPolygon; props: Record<string, unknown> }[]): Feature[] =>
    items.flatMap((d) => {
      const p = labelPoint(d.geometry, src.labelView);
      return p ? [feature({ type: 'Point', coordinates: [round6(p[0]), round6(p[1])] }, d.props)] : [];
    });
  push(SOURCE_LAYERS.districtLabels, 9, labels(districts));
  push(SOURCE_LAYERS.streetLabels, 12, labels(streets));
  return inputs;
}

/** Named, drivable, non-ramp ways: the network the traffic and event simulators place things on. */
export function roadNetwork(osm: OsmData): NetworkRoad[] {
  const out: NetworkRoad[] = [];
  for (const r of osm.roads) {
    const name = r.name;
    if (!name || r.link || !DRIVABLE_CLASSES.has(r.class)) continue;
    r.parts.forEach((part, i) => {
      const coords = part.map(([lon, lat]) => [round6(lon), round6(lat)] as LonLat);
      out.push({
        // A way split by a missing node keeps a stable id per piece.
        id: i === 0 ? `osm-way-${r.id}` : `osm-way-${r.id}-${i}`,
        name,
        nameEn: r.nameEn,
        class: r.class,
        coords,
        lengthM: Math.round(lengthM(coords) * 10) / 10,
      });
    });
  }
  return out;
}
