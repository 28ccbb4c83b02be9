import type { Logger } from 'pino';
import type { Topic, TopicItem } from '../../src/contract/live';
import type { Change } from './hub';

export interface SeqItem<T extends Topic = Topic> {
  seq: number;
  item: TopicItem[T];
}

/**
 * A contiguous stretch of a topic's history: every change numbered after `fromSeq` up to `toSeq`, as the latest
 * state of each item whose number falls in that stretch (an item changed again later appears later, at its
 * later number). Consecutive stretches of a topic chain: the next one's `fromSeq` is this one's `toSeq`.
 */
export interface SeqChange<T extends Topic = Topic> extends Change<T> {
  fromSeq: number;
  toSeq: number;
}

/** Reads a topic's changes after `since` from the store (consistent with the returned `toSeq`), paged. */
export type ChangeReader<T extends Topic = Topic> = (
  since: number,
  limit: number,
) => Promise<{ toSeq: number; items: SeqItem<T>[] }>;

export interface ChangeStreamOptions {
  /** One reader per stored topic; topics without one (feed health) are passed through as published. */
  readers: { [T in Topic]?: ChangeReader<T> };
  /** Every topic's current number in the store: where the stream starts. */
  heads: () => Promise<ReadonlyMap<string, number>>;
  log: Logger;
  /**
   * How long a gap may wait for a concurrent local writer to publish the missing numbers before the store is
   * read instead (a local commit's doorbell usually arrives just before its own publish).
   */
  gapWaitMs?: number;
  /** Most changes one store read returns; a longer gap is read in several pages. */
  pageSize?: number;
}

type Listener = (change: SeqChange) => void;

/**
 * Every topic's stored changes in sequence order, with no gap and no repeat, whichever node or transaction wrote
 * them. Sequence numbers are allocated in the writing transaction (a row lock on `sequences` held to commit), so
 * numbers commit in order and "all changes up to N" is a consistent read of the store.
 *
 * Changes this node commits arrive from the hub (`offer`) and are passed on at once when they continue the stream;
 * when numbers are missing — another node wrote them (its doorbell `ring`s), or a concurrent local transaction has
 * not published yet — the stream waits `gapWaitMs`, then reads the store from where it stands. Transactions that
 * commit concurrently on a connection pool may publish out of order; nothing leaves here out of order.
 */
export class ChangeStream {
  private readonly tails = new Map<Topic, TopicTail>();
  private readonly passthroughHeads = new Map<Topic, number>();
  private readonly listeners = new Set<Listener>();
  private closed = false;

  constructor(private readonly opts: ChangeStreamOptions) {}

  /** Reads where each stored topic stands; changes before that are history (snapshots and resumes serve them). */
  async start(): Promise<void> {
    const heads = await this.opts.heads();
    for (const [topic, reader] of Object.entries(this.opts.readers) as [Topic, ChangeReader][]) {
      this.tails.set(
        topic,
        new TopicTail(topic, reader, heads.get(topic) ?? 0, (c) => this.emit(c), {
          log: this.opts.log,
          gapWaitMs: this.opts.gapWaitMs ?? 10,
          pageSize: this.opts.pageSize ?? 10_000,
        }),
      );
    }
  }

  /** Changes committed on this node (the hub), numbered; published after their commit. */
  offer(change: Change<Topic>): void {
    if (this.closed || change.items.length === 0) return;
    const tail = this.tails.get(change.topic);
    if (tail) {
      tail.offer(change.items);
      return;
    }
    // Not stored (feed health): numbered in memory by its only publisher, in order.
    const first = change.items[0]!;
    const last = change.items[change.items.length - 1]!;
    this.passthroughHeads.set(change.topic, last.seq);
    this.emit({ topic: change.topic, fromSeq: first.seq - 1, toSeq: last.seq, items: change.items });
  }

  /** `topic` reached at least `seq` in the store (another node's commit, or a periodic check). */
  ring(topic: string, seq: number): void {
    if (!this.closed) this.tails.get(topic as Topic)?.ring(seq);
  }

  /** The last number passed on for `topic`. */
  head(topic: Topic): number {
    return this.tails.get(topic)?.head ?? this.passthroughHeads.get(topic) ?? 0;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops reading; waits for reads in flight. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.tails.values()].map((t) => t.close()));
  }

  private emit(change: SeqChange): void {
    for (const l of this.listeners) l(change);
  }
}

const RETRY_MS = 500;

class TopicTail {
  /** The last number passed on. */
  head: number;
  /** The highest number known committed. */
  private target: number;
  /** Locally published changes beyond `head`, by number, waiting for the numbers before them. */
  private readonly buffer = new Map<number, SeqItem>();
  private reading: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly topic: Topic,
    private readonly reader: ChangeReader,
    start: number,
    private readonly deliver: (c: SeqChange) => void,
    private readonly opts: { log: Logger; gapWaitMs: number; pageSize: number },
  ) {
    this.head = start;
    this.target = start;
  }

  offer(items: readonly SeqItem[]): void {
    for (const it of items) {
      if (it.seq <= this.head) continue;
      this.buffer.set(it.seq, it);
      if (it.seq > this.target) this.target = it.seq;
    }
    this.drain();
  }

  ring(seq: number): void {
    if (seq > this.target) this.target = seq;
    this.drain();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.reading;
  }

  /** Passes on the buffered run that continues the stream; a gap left behind is read after a short wait. */
  private drain(): void {
    this.passBufferedRun();
    if (this.target > this.head) this.scheduleRead(this.opts.gapWaitMs);
  }

  private pass(toSeq: number, items: SeqItem[]): void {
    const fromSeq = this.head;
    this.head = toSeq;
    for (const s of this.buffer.keys()) if (s <= toSeq) this.buffer.delete(s);
    this.deliver({ topic: this.topic, fromSeq, toSeq, items });
  }

  private scheduleRead(delayMs: number): void {
    if (this.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      if (this.target > this.head) this.reading = this.read().finally(() => (this.reading = null));
    }, delayMs);
  }

  private async read(): Promise<void> {
    do {
      this.again = false;
      const expected = this.target;
      let result: Awaited<ReturnType<ChangeReader>>;
      try {
        result = await this.reader(this.head, this.opts.pageSize);
      } catch (err) {
        // The store is unreachable for now: nothing is skipped, the stream waits and reads again from `head`.
        this.opts.log.error({ err, topic: this.topic, head: this.head }, 'change stream: store read failed');
        this.again = false;
        setTimeout(() => this.scheduleRead(0), RETRY_MS).unref();
        return;
      }
      if (this.closed) return;
      if (result.toSeq > this.head) {
        const from = this.head;
        this.pass(
          result.toSeq,
          result.items.filter((i) => i.seq > from),
        );
      } else if (result.toSeq < expected && this.head < expected) {
        // A number announced as committed is not visible to a read that started after it: a doorbell from
        // another store sharing the channel, or a clock we cannot trust. Forget it rather than spin; the next
        // commit or the periodic check rings again.
        this.opts.log.warn(
          { topic: this.topic, head: this.head, expected, read: result.toSeq },
          'change stream: announced sequence not found in the store',
        );
        this.target = Math.max(this.head, result.toSeq);
      }
      if (result.items.length >= this.opts.pageSize) this.again = true;
      this.passBufferedRun();
    } while ((this.again || this.target > this.head) && !this.closed);
  }

  /** Buffered local changes that continue the stream from `head`, passed on as one stretch. */
  private passBufferedRun(): void {
    let end = this.head;
    const run: SeqItem[] = [];
    for (let next = this.buffer.get(end + 1); next; next = this.buffer.get(end + 1)) {
      this.buffer.delete(end + 1);
      run.push(next);
      end += 1;
    }
    if (run.length > 0) this.pass(end, run);
  }
}
