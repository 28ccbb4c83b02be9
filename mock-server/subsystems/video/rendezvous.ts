import type { SubsystemContext } from '../types';

/**
 * Where this app's simulated video platform listens (an ephemeral port known only once it has started): the
 * simulator announces it, the connector waits for it. Keyed by the app's subsystem context, so two apps in one
 * process (tests) never see each other's platform.
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

export const announcePlatformUrl = (ctx: SubsystemContext, url: string): void => slot(ctx).resolve(url);
export const simulatedPlatformUrl = (ctx: SubsystemContext): Promise<string> => slot(ctx).promise;
