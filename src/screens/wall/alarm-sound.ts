/**
 * The alarm tone: a short two-tone beep made with WebAudio (no audio file). Muted until someone enables it on
 * this display (browsers only let a page start audio after a user gesture; the choice is kept per device).
 */
const STORAGE_KEY = 'city-brain.alarm-sound';
let ctx: AudioContext | null = null;

export function isSoundEnabled(): boolean {
  return window.localStorage.getItem(STORAGE_KEY) === 'on';
}

export function setSoundEnabled(on: boolean): void {
  window.localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  if (on) {
    ctx ??= new AudioContext();
    void ctx.resume();
    beep();
  }
}

export function beep(): void {
  if (!isSoundEnabled()) return;
  ctx ??= new AudioContext();
  if (ctx.state === 'suspended') void ctx.resume();
  const t0 = ctx.currentTime;
  for (const [i, freq] of [880, 660].entries()) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    const start = t0 + i * 0.22;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.3, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + 0.21);
  }
}
