import type { SubsystemContext } from '../types';

/**
 * The broker URL of this app (MQTT_URL, or the embedded broker's ephemeral port once it listens): the
 * connector announces it, the simulator waits for it. Keyed by the app's subsystem context, so two apps in one
 * process (tests) never share a broker by accident.
 */
const urls = new WeakMap<SubsystemContext, { promise: Promise<string>; resolve: (url: string) => void }>();

function slot(ctx: SubsystemContext) {
  let s = urls.get(ctx);
  if (!s) {
    let resolve!: (url: string) => void;
    const promise = new Promise<string>((r) => (resolve = r));
    s = { promise, resolve };
    urls.set(ctx, s);
  }
  return s;
}

export const announceBrokerUrl = (ctx: SubsystemContext, url: string): void => slot(ctx).resolve(url);
export const brokerUrl = (ctx: SubsystemContext): Promise<string> => slot(ctx).promise;
