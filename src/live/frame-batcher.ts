/**
 * Collects items and hands them over at most once per animation frame, so a burst of deltas costs one
 * store update and one render, not one per message. Falls back to a timer where frames are not running
 * (a hidden tab still applies its deltas, so it is current when shown).
 */
export class FrameBatcher<T> {
  private queue: T[] = [];
  private frame: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly apply: (items: T[]) => void,
    private readonly fallbackMs = 250,
  ) {}

  push(item: T): void {
    this.queue.push(item);
    if (this.frame !== null || this.timer !== null) return;
    if (typeof requestAnimationFrame === 'function')
      this.frame = requestAnimationFrame(() => this.flushNow());
    this.timer = setTimeout(() => this.flushNow(), this.fallbackMs);
  }

  flushNow(): void {
    if (this.frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(this.frame);
    if (this.timer !== null) clearTimeout(this.timer);
    this.frame = null;
    this.timer = null;
    const items = this.queue;
    this.queue = [];
    if (items.length > 0) this.apply(items);
  }

  cancel(): void {
    if (this.frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(this.frame);
    if (this.timer !== null) clearTimeout(this.timer);
    this.frame = null;
    this.timer = null;
    this.queue = [];
  }
}
