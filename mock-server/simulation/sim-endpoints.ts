/**
 * Where the in-process simulated vendor systems listen. A simulator that runs its own HTTP server (like the
 * real 数字城管 or 网格化 platform would) publishes its URL here; the matching connector, when no real URL is
 * configured, reads it before each poll. Keyed by the server's subsystem context, so two servers in one
 * process (tests) never see each other's simulators. A stopped simulator unpublishes: the connector's polls
 * then fail like polls of a system that is down.
 */
const registries = new WeakMap<object, Map<string, string>>();

export interface SimEndpoint {
  get(): string | null;
  set(url: string | null): void;
}

export function simEndpoint(scope: object, name: string): SimEndpoint {
  let map = registries.get(scope);
  if (!map) {
    map = new Map();
    registries.set(scope, map);
  }
  const urls = map;
  return {
    get: () => urls.get(name) ?? null,
    set: (url) => {
      if (url === null) urls.delete(name);
      else urls.set(name, url);
    },
  };
}
