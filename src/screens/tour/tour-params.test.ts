import { describe, expect, it } from 'vitest';
import { parseTourParams, presenterAction, step } from './tour-params';

const key = (
  key: string,
  mods: Partial<Record<'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {},
) => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('parseTourParams', () => {
  it('defaults to the demo tour from its first scene, stepped by hand', () => {
    expect(parseTourParams('')).toEqual({ tour: 'demo', scene: 0, auto: false, loop: true, speak: false });
  });

  it('reads a display that runs by itself', () => {
    expect(parseTourParams('?tour=night-shift&scene=3&auto=1&loop=0&speak=1')).toEqual({
      tour: 'night-shift',
      scene: 2,
      auto: true,
      loop: false,
      speak: true,
    });
  });

  it('ignores values it cannot use', () => {
    expect(parseTourParams('?tour=../etc&scene=-2')).toMatchObject({ tour: 'demo', scene: 0 });
    expect(parseTourParams('?scene=1.5')).toMatchObject({ scene: 0 });
  });
});

describe('presenterAction', () => {
  it.each([
    ['PageDown', 'next'],
    ['ArrowRight', 'next'],
    ['ArrowDown', 'next'],
    [' ', 'next'],
    ['PageUp', 'prev'],
    ['ArrowLeft', 'prev'],
    ['ArrowUp', 'prev'],
    ['Home', 'first'],
    ['End', 'last'],
    ['b', 'blank'],
    ['.', 'blank'],
    ['F5', 'present'],
    ['p', 'pause'],
  ])('maps %j to %s', (k, action) => {
    expect(presenterAction(key(k))).toBe(action);
  });

  it('steps back on Shift+Space and the remote start button with Shift (Shift+F5)', () => {
    expect(presenterAction(key(' ', { shiftKey: true }))).toBe('prev');
    expect(presenterAction(key('F5', { shiftKey: true }))).toBe('present');
  });

  it("leaves other keys and the browser's shortcuts alone", () => {
    expect(presenterAction(key('a'))).toBeNull();
    expect(presenterAction(key('ArrowRight', { altKey: true }))).toBeNull();
    expect(presenterAction(key('F5', { ctrlKey: true }))).toBeNull();
  });
});

describe('step', () => {
  it('wraps around when looping, and stops at the ends otherwise', () => {
    expect(step(7, 8, 1, true)).toBe(0);
    expect(step(0, 8, -1, true)).toBe(7);
    expect(step(7, 8, 1, false)).toBe(7);
    expect(step(0, 8, -1, false)).toBe(0);
    expect(step(3, 8, 1, false)).toBe(4);
  });
});
