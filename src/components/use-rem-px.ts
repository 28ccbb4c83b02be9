import { useSyncExternalStore } from 'react';

/** The root font size in px: canvas-drawn charts size their text with it, like the rest of the rem layout. */
function read(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
}

export function useRemPx(): number {
  return useSyncExternalStore(subscribe, read);
}
