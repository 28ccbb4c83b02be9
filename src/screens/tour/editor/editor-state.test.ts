import { describe, expect, it } from 'vitest';
import { checkTour, type SceneInput, type TourInput } from '../../../contract/tour';
import {
  blankScene,
  editorReducer,
  fieldIssues,
  freeSceneId,
  initialEditor,
  issuesByScene,
  issuesFromDetails,
} from './editor-state';

const scene = (id: string): SceneInput => ({ ...blankScene([121.47, 31.23], 12), id });
const tour = (): TourInput => ({
  id: 't',
  title: { 'zh-CN': '导览', en: 'Tour' },
  scenes: [scene('a'), scene('b'), scene('c')],
});
const ids = (s: { draft: TourInput }) => s.draft.scenes.map((x) => x.id);

describe('editorReducer', () => {
  it('moves a scene and keeps it selected', () => {
    let s = editorReducer(initialEditor(tour(), 3), { type: 'select', index: 2 });
    s = editorReducer(s, { type: 'move', from: 2, to: 0 });
    expect(ids(s)).toEqual(['c', 'a', 'b']);
    expect(s).toMatchObject({ selected: 0, dirty: true, version: 3 });
  });

  it('ignores a move past either end', () => {
    const s0 = initialEditor(tour(), 0);
    expect(editorReducer(s0, { type: 'move', from: 0, to: -1 })).toBe(s0);
    expect(editorReducer(s0, { type: 'move', from: 2, to: 3 })).toBe(s0);
  });

  it('adds and duplicates scenes under ids not yet taken', () => {
    let s = editorReducer(initialEditor(tour(), 0), { type: 'duplicate', index: 1 });
    expect(ids(s)).toEqual(['a', 'b', 'b-2', 'c']);
    expect(s.selected).toBe(2);
    s = editorReducer(s, { type: 'add', after: 3, scene: scene('a') });
    expect(ids(s)).toEqual(['a', 'b', 'b-2', 'c', 'a-2']);
    expect(checkTour(s.draft).ok).toBe(true);
  });

  it('removes a scene but never the last one', () => {
    let s = editorReducer(initialEditor(tour(), 0), { type: 'select', index: 2 });
    s = editorReducer(s, { type: 'remove', index: 0 });
    expect(ids(s)).toEqual(['b', 'c']);
    expect(s.selected).toBe(1);
    s = editorReducer(editorReducer(s, { type: 'remove', index: 0 }), { type: 'remove', index: 0 });
    expect(ids(s)).toEqual(['c']);
  });

  it('edits one scene and marks the draft dirty until saved', () => {
    let s = editorReducer(initialEditor(tour(), 1), {
      type: 'scene',
      index: 1,
      change: (x) => ({ ...x, durationSec: 45 }),
    });
    expect(s.draft.scenes[1]!.durationSec).toBe(45);
    expect(s.dirty).toBe(true);
    s = editorReducer(s, { type: 'saved', tour: s.draft, version: 2 });
    expect(s).toMatchObject({ dirty: false, version: 2 });
  });
});

describe('issues', () => {
  it('groups issues per scene and per field', () => {
    const broken = tour();
    broken.scenes[1] = { ...broken.scenes[1]!, durationSec: 1, target: { kind: 'district', code: 'x' } };
    const r = checkTour(broken);
    if (r.ok) throw new Error('expected issues');
    const by = issuesByScene(r.issues);
    expect([...by.keys()]).toEqual([1]);
    expect(fieldIssues(by.get(1), 'target').map((i) => i.field)).toEqual(['target.code']);
    expect(fieldIssues(by.get(1), 'durationSec')).toHaveLength(1);
    expect(fieldIssues(by.get(0), 'target')).toEqual([]);
  });

  it("reads the server's error details back into scene and field", () => {
    const [i, j] = issuesFromDetails(
      [
        { path: 'scenes.2.narration.en', message: 'Too small' },
        { path: 'id', message: 'must be "t"' },
      ],
      tour(),
    );
    expect(i).toMatchObject({ scene: 2, sceneId: 'c', field: 'narration.en', message: 'Too small' });
    expect(j).toMatchObject({ scene: null, field: 'id' });
  });

  it('numbers copies from the stem', () => {
    expect(freeSceneId([scene('x'), scene('x-2')], 'x-2')).toBe('x-3');
  });
});
