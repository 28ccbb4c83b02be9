import { useEffect, useRef } from 'react';
import type { RequestableAction } from '../../contract/console';
import { ACK_KEY, ACTION_KEYS } from './shortcuts';

const BY_KEY = new Map(
  Object.entries(ACTION_KEYS).map(([action, key]) => [key.toLowerCase(), action as RequestableAction]),
);

export interface ConsoleKeyHandlers {
  move(delta: 1 | -1): void;
  focusSearch(): void;
  toggleCheck(): void;
  action(a: RequestableAction): void;
  acknowledge(): void;
  /** While a dialog is open the page's shortcuts rest (the dialog has Enter and Esc). */
  suspended: boolean;
}

/** The console's keyboard: J/K move, / search, X check, a letter per action (shortcuts.ts). */
export function useConsoleKeys(handlers: ConsoleKeyHandlers): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const h = ref.current;
      if (h.suspended || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)))
        return;
      const key = e.key.toLowerCase();
      const act = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (key === 'j' || key === 'arrowdown') return act(() => h.move(1));
      if (key === 'k' || key === 'arrowup') return act(() => h.move(-1));
      if (key === '/') return act(h.focusSearch);
      if (key === 'x') return act(h.toggleCheck);
      if (key === ACK_KEY.toLowerCase()) return act(h.acknowledge);
      const action = BY_KEY.get(key);
      if (action) act(() => h.action(action));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
