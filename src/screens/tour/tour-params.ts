/** What a tour display runs, from its URL: `/tour?tour=demo&scene=3&auto=1&loop=0&speak=1` (and `safe=1`, `lang=`). */
export interface TourParams {
  tour: string;
  /** 0-based scene to start at (`scene=` is 1-based, as people count). */
  scene: number;
  /** Advance by itself after each scene's duration. */
  auto: boolean;
  /** After the last scene, start again (auto mode; on unless `loop=0`). */
  loop: boolean;
  /** Speak the narration (browser speech synthesis); off unless `speak=1` or switched on. */
  speak: boolean;
}

export function parseTourParams(search: string): TourParams {
  const q = new URLSearchParams(search);
  const tour = q.get('tour') ?? 'demo';
  const scene = Number(q.get('scene') ?? '1');
  return {
    tour: /^[a-z0-9-]{1,40}$/.test(tour) ? tour : 'demo',
    scene: Number.isInteger(scene) && scene >= 1 ? scene - 1 : 0,
    auto: q.get('auto') === '1',
    loop: q.get('loop') !== '0',
    speak: q.get('speak') === '1',
  };
}

/** What a key from a keyboard or a presenter remote (clicker) asks for; null: not ours. */
export type PresenterAction = 'next' | 'prev' | 'first' | 'last' | 'blank' | 'present' | 'pause';

/**
 * Presenter remotes send PageDown/PageUp (most), arrow keys or Space; the "start" button sends F5 or Shift+F5 (and
 * Escape leaves), the "blank" button `.` or `b`. Modified keys belong to the browser.
 */
export function presenterAction(e: {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}): PresenterAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  switch (e.key) {
    case 'ArrowRight':
    case 'ArrowDown':
    case 'PageDown':
      return 'next';
    case ' ':
    case 'Spacebar':
      return e.shiftKey ? 'prev' : 'next';
    case 'ArrowLeft':
    case 'ArrowUp':
    case 'PageUp':
      return 'prev';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'b':
    case 'B':
    case '.':
      return 'blank';
    case 'F5':
      return 'present';
    case 'p':
      return 'pause';
    default:
      return null;
  }
}

/** The scene after/before `i` in a tour of `n` scenes; wraps only when `loop`. */
export function step(i: number, n: number, dir: 1 | -1, loop: boolean): number {
  const j = i + dir;
  if (j >= n) return loop ? 0 : n - 1;
  if (j < 0) return loop ? n - 1 : 0;
  return j;
}
