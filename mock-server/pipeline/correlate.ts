import type { CorrelationTable } from '../../src/contract/city-pack';
import type { Category, Event, EventStatus } from '../../src/contract/event';
import type { SourceId } from '../../src/contract/source';
import type { Topic } from '../../src/contract/live';
import type { Change } from './hub';

/** Statuses after which a report no longer collects new ones (the incident is dealt with). */
const CLOSED: ReadonlySet<EventStatus> = new Set(['resolved', 'verified', 'closed']);
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON_EQUATOR = 111_320;
/** Sweep the index for expired entries after this many insertions (amortized O(1) per insertion). */
const SWEEP_EVERY = 2_048;

interface Rule {
  radiusM: number;
  windowMs: number;
}

/** A pair's limits: the rule's, narrowed by the sources; `lag` bounds a's report time minus b's (ms). */
interface Limits extends Rule {
  lag: [number, number];
}

/** Clocks of different systems disagree by a minute or two. */
const LAG_SLACK_MS = 2 * 60_000;

/** How far apart two reports are in time, against the pair's window (0 same time, 1 at the limit, > 1 outside). */
function timeFit(a: { t: number }, b: { t: number }, limits: Limits): number {
  const lag = a.t - b.t;
  if (lag < limits.lag[0] || lag > limits.lag[1]) return Number.POSITIVE_INFINITY;
  return Math.abs(lag) / limits.windowMs;
}

/** Road names in a Chinese address ("上海市静安区南京西路与石门一路交叉口" → 南京西路, 石门一路). */
const ROAD = /[\u4e00-\u9fff]{1,12}?(?:大道|公路|隧道|高架|路|街)/g;

interface Entry {
  id: string;
  source: SourceId;
  category: Category;
  /** Metres east and north of the index origin (equirectangular: exact enough within a city). */
  x: number;
  y: number;
  /** Reported at, epoch ms (the source's time: channels report with different delays). */
  t: number;
  cell: number;
  related: Set<string>;
  /** Road names its address gives (empty: none, or no address). */
  roads: readonly string[];
}

/** Only what correlation reads of an event. */
export type Correlatable = Pick<
  Event,
  'id' | 'source' | 'category' | 'location' | 'reportedAt' | 'relatedIds'
> &
  Partial<Pick<Event, 'status' | 'address'>>;

/**
 * Links reports of one real-world incident across systems (a citizen's call, a camera's waterlogging alarm, a grid
 * worker's case …): two reports match when their categories are compatible (the city pack's correlation table),
 * they lie within the pair's radius and were reported within its time window. A new report joins the incident of
 * its best match (nearest in distance and time, each measured against the pair's limits) and is linked to every
 * open member of it, so an incident stays a clique and never chains across the city one hop at a time.
 *
 * Kept fast with an in-memory spatial-temporal index of recent open reports: grid buckets of the largest radius,
 * bounded to twice the longest window behind the newest report time; rebuilt from the store at start and kept in
 * step with lifecycle changes (closing an event takes it out; a console merge or split changes its incident).
 */
export class Correlator {
  private readonly rules = new Map<Category, Map<Category, Rule>>();
  private readonly deduped: ReadonlySet<SourceId>;
  private readonly profiles: CorrelationTable['sources'];
  private readonly extentM: number;
  private readonly otherStreet: number;
  private readonly maxScore: number;
  private readonly cellM: number;
  private readonly horizonMs: number;
  private readonly origin: { lon: number; lat: number; kx: number };
  private readonly entries = new Map<string, Entry>();
  private readonly cells = new Map<number, Entry[]>();
  private newest = Number.NEGATIVE_INFINITY;
  private insertions = 0;

  constructor(
    table: CorrelationTable,
    origin: { lon: number; lat: number },
    /** Wall clock: a report time further ahead than an hour is a source's clock error, not the index's "now". */
    private readonly now: () => number = Date.now,
  ) {
    let maxRadius = 1;
    let maxWindow = 1;
    const put = (a: Category, b: Category, r: Rule) => {
      let m = this.rules.get(a);
      if (!m) this.rules.set(a, (m = new Map()));
      const had = m.get(b);
      m.set(
        b,
        had ? { radiusM: Math.min(had.radiusM, r.radiusM), windowMs: Math.min(had.windowMs, r.windowMs) } : r,
      );
    };
    for (const [category, rule] of Object.entries(table.rules) as [
      Category,
      CorrelationTable['rules'][Category],
    ][]) {
      if (!rule) continue;
      const r = { radiusM: rule.radiusM, windowMs: rule.windowMinutes * 60_000 };
      maxRadius = Math.max(maxRadius, r.radiusM);
      maxWindow = Math.max(maxWindow, r.windowMs);
      for (const other of rule.with) {
        put(category, other, r);
        put(other, category, r);
      }
    }
    this.deduped = new Set(table.dedupedSources);
    this.profiles = table.sources;
    this.extentM = table.extentM;
    this.otherStreet = table.otherStreetFactor;
    this.maxScore = table.maxScore;
    this.cellM = maxRadius;
    this.horizonMs = 2 * maxWindow;
    this.origin = { ...origin, kx: M_PER_DEG_LON_EQUATOR * Math.cos((origin.lat * Math.PI) / 180) };
  }

  /** Categories that take part in correlation (what the store is asked for at start). */
  get categories(): Category[] {
    return [...this.rules.keys()];
  }

  /** The longest window behind the newest report that the index keeps. */
  get horizon(): number {
    return this.horizonMs;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Fills the index from stored open events (at start). */
  rebuild(events: readonly Correlatable[]): void {
    for (const e of events) this.observe(e);
  }

  /**
   * Keeps the index in step with a stored change (from the hub): a new or changed open report is (re)indexed with
   * its current links; a closed one leaves the index.
   */
  observe(e: Correlatable): void {
    const had = this.entries.get(e.id);
    if ((e.status && CLOSED.has(e.status)) || !this.rules.has(e.category)) {
      if (had) this.remove(had);
      return;
    }
    if (had) {
      had.related = new Set(e.relatedIds);
      return;
    }
    this.insert(e);
  }

  /** Takes reports out again (their batch failed to store). */
  forget(ids: readonly string[]): void {
    for (const id of ids) {
      const e = this.entries.get(id);
      if (e) this.remove(e);
    }
  }

  /**
   * New reports → the pairs (new id, existing id) to link. Each new report is indexed as it is judged, so two
   * reports of one incident in the same batch find each other.
   */
  link(created: readonly Correlatable[]): [string, string][] {
    const pairs: [string, string][] = [];
    for (const e of created) {
      if (this.entries.has(e.id)) continue;
      const rules = this.rules.get(e.category);
      if (!rules) continue;
      const entry = this.insert(e);
      const best = this.bestMatch(entry, rules);
      if (!best) continue;
      const members = [best, ...[...best.related].flatMap((id) => this.entries.get(id) ?? [])];
      for (const m of members) {
        if (m === entry) continue;
        pairs.push([entry.id, m.id]);
        entry.related.add(m.id);
        m.related.add(entry.id);
      }
    }
    return pairs;
  }

  private bestMatch(e: Entry, rules: Map<Category, Rule>): Entry | null {
    let best: Entry | null = null;
    let bestScore = Number.POSITIVE_INFINITY;
    let bestSize = 0;
    // Cells are as wide as the largest radius: the 3×3 cells around a report hold every possible match.
    const reach = 1;
    const cx = Math.floor(e.x / this.cellM);
    const cy = Math.floor(e.y / this.cellM);
    for (let dx = -reach; dx <= reach; dx++) {
      for (let dy = -reach; dy <= reach; dy++) {
        const bucket = this.cells.get(cellKey(cx + dx, cy + dy));
        if (!bucket) continue;
        for (const c of bucket) {
          if (c === e || c.related.has(e.id)) continue;
          const rule = rules.get(c.category);
          if (!rule) continue;
          const limits = this.limits(e, c, rule);
          const dt = timeFit(e, c, limits);
          if (dt > 1) continue;
          const d = Math.hypot(c.x - e.x, c.y - e.y) / limits.radiusM;
          if (d > 1) continue;
          const score = d + dt;
          if (score > this.maxScore) continue;
          const size = this.joinable(e, c, rules);
          if (size === 0) continue;
          // The incident with most reports within reach wins (a lone unrelated report nearby must not take a call
          // away from the incident it belongs to); between equals, the nearest in space and time.
          if (size > bestSize || (size === bestSize && score < bestScore)) {
            bestSize = size;
            bestScore = score;
            best = c;
          }
        }
      }
    }
    return best;
  }

  /**
   * Whether `e` may join `c`'s incident, and how many open reports it has (0: it may not). A source that merges its
   * own duplicates never has two reports in one incident, and every open member of a compatible category must be
   * within reach of `e` too, so an incident never chains across the city one hop at a time. (A member of another
   * category — a second caller's "traffic jam" in an accident's incident — is there through the accident.)
   */
  private joinable(e: Entry, c: Entry, rules: Map<Category, Rule>): number {
    const deduped = this.deduped.has(e.source);
    const members = [c, ...[...c.related].flatMap((id) => this.entries.get(id) ?? [])];
    for (const m of members) {
      if (deduped && m.source === e.source) return 0;
      if (m === c) continue;
      const rule = rules.get(m.category);
      if (!rule) continue;
      const limits = this.limits(e, m, rule);
      const dt = timeFit(e, m, limits);
      const d = Math.hypot(m.x - e.x, m.y - e.y) / limits.radiusM;
      // The best match passed the score; the others only need to be within reach (an incident's reports spread).
      if (dt > 1 || d > 1) return 0;
    }
    return members.length;
  }

  /**
   * How far apart in space and time two reports of one incident can be: the categories' rule, narrowed by how
   * precisely and how late each source reports, and narrowed again when their addresses put them on different roads.
   */
  private limits(a: Entry, b: Entry, rule: Rule): Limits {
    let { radiusM, windowMs } = rule;
    // a's time minus b's: with no profiles, anything within the window either way.
    let lag: [number, number] = [-windowMs, windowMs];
    const pa = this.profiles[a.source];
    const pb = this.profiles[b.source];
    if (pa && pb) {
      radiusM = Math.min(radiusM, pa.accuracyM + pb.accuracyM + this.extentM);
      windowMs = Math.min(windowMs, Math.max(pa.delayMinutes, pb.delayMinutes) * 60_000);
      // Both report after the incident starts, each within its own delays: a camera's alarm comes minutes in, a
      // caller later, so a call long before the camera's alarm is about something else.
      lag = [
        Math.max(-windowMs, (pa.minDelayMinutes - pb.delayMinutes) * 60_000 - LAG_SLACK_MS),
        Math.min(windowMs, (pa.delayMinutes - pb.minDelayMinutes) * 60_000 + LAG_SLACK_MS),
      ];
    }
    // Only addresses that name the incident's own spot say which street it is on (a camera's names its pole).
    const spotA = pa?.addressNamesSpot !== false;
    const spotB = pb?.addressNamesSpot !== false;
    if (
      spotA &&
      spotB &&
      a.roads.length > 0 &&
      b.roads.length > 0 &&
      !a.roads.some((r) => b.roads.includes(r))
    )
      radiusM *= this.otherStreet;
    return { radiusM, windowMs, lag };
  }

  private insert(e: Correlatable): Entry {
    const t = Date.parse(e.reportedAt);
    const x = (e.location.lon - this.origin.lon) * this.origin.kx;
    const y = (e.location.lat - this.origin.lat) * M_PER_DEG_LAT;
    const cell = cellKey(Math.floor(x / this.cellM), Math.floor(y / this.cellM));
    const entry: Entry = {
      id: e.id,
      source: e.source,
      category: e.category,
      x,
      y,
      t,
      cell,
      related: new Set(e.relatedIds),
      roads: roadsOf(e.address ?? ''),
    };
    this.entries.set(e.id, entry);
    const bucket = this.cells.get(cell);
    if (bucket) bucket.push(entry);
    else this.cells.set(cell, [entry]);
    if (t > this.newest && t <= this.now() + 3_600_000) this.newest = t;
    if (++this.insertions % SWEEP_EVERY === 0) this.sweep();
    return entry;
  }

  private remove(e: Entry): void {
    this.entries.delete(e.id);
    const bucket = this.cells.get(e.cell);
    if (!bucket) return;
    const i = bucket.indexOf(e);
    if (i >= 0) bucket.splice(i, 1);
    if (bucket.length === 0) this.cells.delete(e.cell);
  }

  /** Drops reports older than the horizon behind the newest one: the index stays bounded by time, not by history. */
  private sweep(): void {
    const oldest = this.newest - this.horizonMs;
    for (const [key, bucket] of this.cells) {
      const kept = bucket.filter((e) => e.t >= oldest);
      if (kept.length === bucket.length) continue;
      for (const e of bucket) if (e.t < oldest) this.entries.delete(e.id);
      if (kept.length === 0) this.cells.delete(key);
      else this.cells.set(key, kept);
    }
  }
}

/** Road names of an address, after the city and district names (which also end in characters roads end in). */
export function roadsOf(address: string): string[] {
  const rest = address.replace(/^.*?市/, '').replace(/^[^路街道弄巷]*?区/, '');
  // "A路与B路交叉口", "A路/B路": each part names its own road.
  return [...new Set(rest.split(/[与和及、/,，]/).flatMap((part) => part.match(ROAD) ?? []))];
}

/** Cells as one number: 2^21 cells each way (of ≥ 1 m) cover any city. */
function cellKey(cx: number, cy: number): number {
  return (cx + 1_048_576) * 2_097_152 + (cy + 1_048_576);
}

/**
 * Keeps a correlator's index in step with every stored change of an event (ingest and console alike): from the hub,
 * or from the cluster's change stream, which carries every node's commits.
 */
export function followEvents(
  correlator: Correlator,
  hub: { subscribe(listener: (change: Change<Topic>) => void): () => void },
): () => void {
  return hub.subscribe((change) => {
    if (change.topic !== 'events') return;
    for (const { item } of change.items) correlator.observe(item as Event);
  });
}
