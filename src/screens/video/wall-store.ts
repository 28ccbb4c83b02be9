import { createStore, type StoreApi } from 'zustand/vanilla';
import { VIDEO_GRIDS, type VideoGrid, type VideoLayout, type VideoLayoutInput } from '../../contract/video';

export const MAX_TILES = 16;

/** The video wall's state: which camera is on which tile, what is selected, maximized, patrolling. */
export interface VideoWallState {
  grid: VideoGrid;
  /** Camera id per tile (always MAX_TILES long; tiles past `grid` are kept, not shown, when the grid shrinks). */
  tiles: (string | null)[];
  /** The tile a click in the camera list fills. */
  selected: number;
  /** The tile shown alone (full screen), if any. */
  maximized: number | null;
  patrol: { cameraIds: string[]; intervalSeconds: number; page: number } | null;
  /** The saved layout this came from (its name is offered when saving again). */
  layoutName: string | null;
}

export const initialWall = (grid: VideoGrid = 4): VideoWallState => ({
  grid,
  tiles: Array<string | null>(MAX_TILES).fill(null),
  selected: 0,
  maximized: null,
  patrol: null,
  layoutName: null,
});

/** The cameras a patrol shows on `page`: the group cut into pages of `grid`, wrapping around. */
export function patrolPage(cameraIds: readonly string[], grid: number, page: number): (string | null)[] {
  const pages = Math.max(1, Math.ceil(cameraIds.length / grid));
  const p = ((page % pages) + pages) % pages;
  return Array.from({ length: grid }, (_, i) => cameraIds[p * grid + i] ?? null);
}

export const patrolPages = (cameraIds: readonly string[], grid: number) =>
  Math.max(1, Math.ceil(cameraIds.length / grid));

/**
 * The wall's changes as pure functions of the state (the store applies them; the unit test walks them).
 * Putting a camera on a tile stops a running patrol: the operator took over.
 */
export const wallActions = {
  setGrid: (s: VideoWallState, grid: VideoGrid): Partial<VideoWallState> => ({
    grid,
    selected: Math.min(s.selected, grid - 1),
    maximized: null,
    ...(s.patrol
      ? {
          tiles: withPage(s.tiles, patrolPage(s.patrol.cameraIds, grid, 0)),
          patrol: { ...s.patrol, page: 0 },
        }
      : {}),
  }),
  assign: (s: VideoWallState, tile: number, cameraId: string | null): Partial<VideoWallState> => {
    if (tile < 0 || tile >= s.grid) return {};
    const tiles = [...s.tiles];
    tiles[tile] = cameraId;
    const next = tile + 1 < s.grid ? tile + 1 : tile;
    return { tiles, patrol: null, selected: cameraId === null ? tile : next };
  },
  /** Drag from one tile onto another: the two swap. */
  swap: (s: VideoWallState, from: number, to: number): Partial<VideoWallState> => {
    if (from === to || from >= s.grid || to >= s.grid) return {};
    const tiles = [...s.tiles];
    [tiles[from], tiles[to]] = [tiles[to]!, tiles[from]!];
    return { tiles, patrol: null };
  },
  select: (_s: VideoWallState, tile: number): Partial<VideoWallState> => ({ selected: tile }),
  maximize: (_s: VideoWallState, tile: number | null): Partial<VideoWallState> => ({ maximized: tile }),
  startPatrol: (
    s: VideoWallState,
    cameraIds: readonly string[],
    intervalSeconds: number,
  ): Partial<VideoWallState> => {
    if (cameraIds.length === 0) return {};
    return {
      patrol: { cameraIds: [...cameraIds], intervalSeconds, page: 0 },
      tiles: withPage(s.tiles, patrolPage(cameraIds, s.grid, 0)),
      maximized: null,
    };
  },
  patrolStep: (s: VideoWallState): Partial<VideoWallState> => {
    if (!s.patrol) return {};
    const page = (s.patrol.page + 1) % patrolPages(s.patrol.cameraIds, s.grid);
    return {
      patrol: { ...s.patrol, page },
      tiles: withPage(s.tiles, patrolPage(s.patrol.cameraIds, s.grid, page)),
    };
  },
  stopPatrol: (): Partial<VideoWallState> => ({ patrol: null }),
  applyLayout: (s: VideoWallState, layout: VideoLayout): Partial<VideoWallState> => {
    const base: Partial<VideoWallState> = {
      grid: layout.grid,
      tiles: Array.from({ length: MAX_TILES }, (_, i) => layout.tiles[i] ?? null),
      selected: 0,
      maximized: null,
      patrol: null,
      layoutName: layout.name,
    };
    return layout.patrol
      ? {
          ...base,
          ...wallActions.startPatrol(
            { ...s, ...base } as VideoWallState,
            layout.patrol.cameraIds,
            layout.patrol.intervalSeconds,
          ),
        }
      : base;
  },
};

function withPage(tiles: readonly (string | null)[], page: readonly (string | null)[]): (string | null)[] {
  return tiles.map((t, i) => (i < page.length ? page[i]! : t));
}

/** What is saved: the grid, the tiles shown, the patrol group (the page is where the patrol happens to be). */
export function toLayoutInput(s: VideoWallState, name: string): VideoLayoutInput {
  return {
    name,
    grid: s.grid,
    tiles: s.tiles.slice(0, s.grid),
    patrol: s.patrol ? { cameraIds: s.patrol.cameraIds, intervalSeconds: s.patrol.intervalSeconds } : null,
  };
}

export type VideoWallStore = StoreApi<VideoWallState>;

export function createVideoWallStore(grid: VideoGrid = 4): VideoWallStore {
  return createStore<VideoWallState>(() => initialWall(grid));
}

/** Applies one of `wallActions` to a store. */
export function act<A extends unknown[]>(
  store: VideoWallStore,
  action: (s: VideoWallState, ...args: A) => Partial<VideoWallState>,
  ...args: A
): void {
  store.setState((s) => action(s, ...args));
}

export const isGrid = (n: number): n is VideoGrid => (VIDEO_GRIDS as readonly number[]).includes(n);
