import type { SceneInput, TourInput, TourIssue } from '../../../contract/tour';

/**
 * The editor's draft: a tour as typed so far (checked with `checkTour` after every change, never trusted), the
 * scene being edited, and whether it differs from what was loaded.
 */
export interface EditorState {
  draft: TourInput;
  /** The stored version the draft started from (a save names it). */
  version: number;
  selected: number;
  dirty: boolean;
}

export type EditorAction =
  | { type: 'load'; tour: TourInput; version: number }
  | { type: 'select'; index: number }
  | { type: 'tour'; change: (t: TourInput) => TourInput }
  | { type: 'scene'; index: number; change: (s: SceneInput) => SceneInput }
  | { type: 'move'; from: number; to: number }
  | { type: 'add'; after: number; scene: SceneInput }
  | { type: 'duplicate'; index: number }
  | { type: 'remove'; index: number }
  | { type: 'saved'; tour: TourInput; version: number };

export function initialEditor(tour: TourInput, version: number): EditorState {
  return { draft: tour, version, selected: 0, dirty: false };
}

const clamp = (i: number, n: number) => Math.max(0, Math.min(n - 1, i));

/** A scene id not yet used in the tour, from a base (`rush-hour` → `rush-hour-2`). */
export function freeSceneId(scenes: readonly SceneInput[], base: string): string {
  const ids = new Set(scenes.map((s) => s.id));
  if (!ids.has(base)) return base;
  const stem = base.replace(/-\d+$/, '');
  for (let k = 2; ; k++) if (!ids.has(`${stem}-${k}`)) return `${stem}-${k}`;
}

export function editorReducer(s: EditorState, a: EditorAction): EditorState {
  const scenes = s.draft.scenes;
  const withScenes = (next: SceneInput[], selected: number): EditorState => ({
    ...s,
    draft: { ...s.draft, scenes: next },
    selected: clamp(selected, next.length),
    dirty: true,
  });
  switch (a.type) {
    case 'load':
    case 'saved':
      return {
        draft: a.tour,
        version: a.version,
        selected: clamp(s.selected, a.tour.scenes.length),
        dirty: false,
      };
    case 'select':
      return { ...s, selected: clamp(a.index, scenes.length) };
    case 'tour':
      return { ...s, draft: a.change(s.draft), dirty: true };
    case 'scene':
      return withScenes(
        scenes.map((x, i) => (i === a.index ? a.change(x) : x)),
        s.selected,
      );
    case 'move': {
      if (a.to < 0 || a.to >= scenes.length || a.from === a.to) return s;
      const next = [...scenes];
      const [moved] = next.splice(a.from, 1);
      next.splice(a.to, 0, moved!);
      // The moved scene stays selected, wherever it went.
      return withScenes(next, s.selected === a.from ? a.to : s.selected);
    }
    case 'add': {
      const next = [...scenes];
      next.splice(a.after + 1, 0, { ...a.scene, id: freeSceneId(scenes, a.scene.id) });
      return withScenes(next, a.after + 1);
    }
    case 'duplicate': {
      const src = scenes[a.index];
      if (!src) return s;
      const next = [...scenes];
      next.splice(a.index + 1, 0, { ...structuredClone(src), id: freeSceneId(scenes, src.id) });
      return withScenes(next, a.index + 1);
    }
    case 'remove': {
      // A tour keeps at least one scene (the check would refuse an empty one anyway).
      if (scenes.length <= 1) return s;
      return withScenes(
        scenes.filter((_, i) => i !== a.index),
        s.selected > a.index ? s.selected - 1 : s.selected,
      );
    }
  }
}

/** Issues per scene index (tour-level ones under -1), for the list's badges and the form's fields. */
export function issuesByScene(issues: readonly TourIssue[]): Map<number, TourIssue[]> {
  const m = new Map<number, TourIssue[]>();
  for (const i of issues) {
    const k = i.scene ?? -1;
    m.set(k, [...(m.get(k) ?? []), i]);
  }
  return m;
}

/** Issues of one field (and the fields under it: `target` gets `target.code`). */
export function fieldIssues(issues: readonly TourIssue[] | undefined, field: string): TourIssue[] {
  return (issues ?? []).filter((i) => i.field === field || i.field.startsWith(`${field}.`));
}

/** REST error details (`scenes.2.narration.en`) as issues, for what the server refused. */
export function issuesFromDetails(
  details: readonly { path: string; message: string }[],
  draft: TourInput,
): TourIssue[] {
  return details.map((d) => {
    const m = /^scenes\.(\d+)\.?(.*)$/.exec(d.path);
    const scene = m ? Number(m[1]) : null;
    const s = scene === null ? undefined : draft.scenes[scene];
    return {
      scene,
      sceneId: s?.id ?? null,
      sceneTitle: s?.title['zh-CN'] ?? null,
      field: m ? m[2] || '(scene)' : d.path,
      code: 'server',
      reason: null,
      message: d.message,
    };
  });
}

/** A new scene to start from: the city seen from above, the events on. */
export function blankScene(center: [number, number], zoom: number): SceneInput {
  return {
    id: 'scene',
    title: { 'zh-CN': '新场景', en: 'New scene' },
    narration: { 'zh-CN': '请填写解说词。', en: 'Narration to come.' },
    target: { kind: 'view', center, zoom, bearing: 0, pitch: 0 },
    layers: ['events'],
    panels: [],
    kpis: [],
    durationSec: 20,
  };
}
