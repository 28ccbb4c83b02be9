import type { Camera } from '../../contract/entities';

export interface CameraFilter {
  text: string;
  onlineOnly: boolean;
}

/** Cameras matching the list's search (name or GB/T 28181 id, every word), online first then by name. */
export function filterCameras(items: Iterable<Camera>, f: CameraFilter, limit = 500): Camera[] {
  const words = f.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const out: Camera[] = [];
  for (const c of items) {
    if (f.onlineOnly && !c.online) continue;
    const hay = `${c.name} ${c.id}`.toLowerCase();
    if (words.every((w) => hay.includes(w))) out.push(c);
  }
  out.sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name, 'zh-CN'));
  return out.slice(0, limit);
}
