import { describe, expect, it } from 'vitest';
import { act, createVideoWallStore, patrolPage, toLayoutInput } from './wall-store';
import { wallActions as A } from './wall-store';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `3101010000132${String(i).padStart(7, '0')}`);

describe('the video wall state', () => {
  it('puts cameras on tiles, moves the selection on, swaps tiles, and keeps tiles when the grid shrinks', () => {
    const store = createVideoWallStore(4);
    const [a, b, c] = ids(3);
    act(store, A.assign, 0, a!);
    act(store, A.assign, store.getState().selected, b!);
    expect(store.getState().tiles.slice(0, 4)).toEqual([a, b, null, null]);
    expect(store.getState().selected).toBe(2);
    act(store, A.swap, 0, 3);
    expect(store.getState().tiles.slice(0, 4)).toEqual([null, b, null, a]);
    act(store, A.assign, 9, c!); // no tile 9 on a 2×2
    expect(store.getState().tiles).not.toContain(c);
    act(store, A.setGrid, 1);
    expect(store.getState()).toMatchObject({ grid: 1, selected: 0 });
    act(store, A.setGrid, 4);
    expect(store.getState().tiles.slice(0, 4)).toEqual([null, b, null, a]);
  });

  it('patrols a group a page of tiles at a time, wrapping, and stops when the operator takes a tile', () => {
    const group = ids(10);
    expect(patrolPage(group, 4, 2)).toEqual([group[8], group[9], null, null]);
    expect(patrolPage(group, 4, 3)).toEqual(group.slice(0, 4));
    const store = createVideoWallStore(4);
    act(store, A.startPatrol, group, 20);
    expect(store.getState().tiles.slice(0, 4)).toEqual(group.slice(0, 4));
    act(store, A.patrolStep);
    act(store, A.patrolStep);
    act(store, A.patrolStep);
    expect(store.getState().patrol!.page).toBe(0); // 3 pages: back to the first
    act(store, A.patrolStep);
    expect(store.getState().tiles.slice(0, 4)).toEqual(group.slice(4, 8));
    act(store, A.assign, 0, group[9]!);
    expect(store.getState().patrol).toBeNull();
  });

  it('saves and restores a layout, patrol group included', () => {
    const store = createVideoWallStore(9);
    act(store, A.assign, 4, ids(1)[0]!);
    act(store, A.startPatrol, ids(12), 30);
    const input = toLayoutInput(store.getState(), '早班轮巡');
    expect(input).toMatchObject({ name: '早班轮巡', grid: 9, patrol: { intervalSeconds: 30 } });
    expect(input.tiles).toHaveLength(9);
    const other = createVideoWallStore(1);
    act(other, A.applyLayout, {
      ...input,
      patrol: input.patrol ?? null,
      id: 'x',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(other.getState()).toMatchObject({
      grid: 9,
      layoutName: '早班轮巡',
      patrol: { page: 0, intervalSeconds: 30 },
    });
    expect(other.getState().tiles.slice(0, 9)).toEqual(ids(12).slice(0, 9));
  });
});
