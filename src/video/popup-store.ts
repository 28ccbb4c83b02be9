import { createStore } from 'zustand/vanilla';

/** The one camera pop-up of a screen: opened by a click on a camera, or by a severe event (then self-closing). */
export interface CameraPopup {
  cameraId: string;
  reason: 'click' | 'alarm';
  /** The event it was opened for (a severe event's id and title). */
  eventId: string | null;
  eventTitle: string | null;
  /** performance.now() it opened at. */
  openedAt: number;
  /** performance.now() it closes itself at; null: stays until closed. */
  closesAt: number | null;
}

export const popupStore = createStore<{ popup: CameraPopup | null }>(() => ({ popup: null }));

export function openPopup(popup: CameraPopup): void {
  popupStore.setState({ popup });
}

export function closePopup(): void {
  popupStore.setState({ popup: null });
}

/** Keeps an alarm pop-up open (the operator wants to keep watching). */
export function pinPopup(): void {
  const p = popupStore.getState().popup;
  if (p) popupStore.setState({ popup: { ...p, closesAt: null } });
}
