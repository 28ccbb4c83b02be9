import type { PublishedWarning, WarningDraft, WarningPreview } from '../../src/contract/console';
import { CodedError } from '../../src/contract/errors';
import { toUtcInstant } from '../../src/contract/time';
import type { CityPack } from '../city-packs/load';
import type { IngestPipeline } from '../pipeline/ingest';
import type { StateWriter } from '../pipeline/state-writer';
import type { CapMessage, CapMessagesRepo } from '../store/cap-messages-repo';
import { warningsAdapter } from '../subsystems/warnings/adapter';
import { parseCap } from '../subsystems/warnings/cap';
import { withReferencedWarnings } from '../subsystems/warnings/intake';
import type { CapAlert } from '../subsystems/warnings/native';
import { alertOfDraft, cancelOf, referenceOf, renderAndValidate, type Sender } from './cap-draft';

export const alertUrl = (identifier: string) => `/api/cap/alerts/${encodeURIComponent(identifier)}.xml`;

/**
 * 预警发布: drafts become CAP 1.2 messages that are validated against the schema before they leave, then enter
 * the same path as the warning release system's own messages (the warnings adapter → `warnings` topic → the
 * wall; red and orange raise an event for the alarm banner), and are kept verbatim for the CAP feed.
 * Update and Cancel reference the earlier messages (`sender,identifier,sent`) as CAP defines.
 */
export class WarningPublisher {
  constructor(
    private readonly deps: {
      pack: CityPack;
      sender: Sender;
      pipeline: IngestPipeline;
      states: Pick<StateWriter, 'get'>;
      repo: CapMessagesRepo;
      now: () => number;
    },
  ) {}

  preview(draft: WarningDraft): WarningPreview {
    return this.check(alertOfDraft(draft, this.options('Alert'))).preview;
  }

  publish(draft: WarningDraft, by: string): Promise<PublishedWarning> {
    this.checkExpiry(draft);
    return this.send(alertOfDraft(draft, this.options('Alert')), by);
  }

  /** An Update of the message `id` (the latest of its chain): the new content replaces it on the wall. */
  async update(id: string, draft: WarningDraft, by: string): Promise<PublishedWarning> {
    this.checkExpiry(draft);
    const previous = await this.current(id);
    const alert = alertOfDraft(draft, {
      ...this.options('Update'),
      now: after(previous.alert, this.deps.now()),
      references: [referenceOf(previous.alert)],
    });
    return this.send(alert, by);
  }

  /** A Cancel of the message `id` and every message of its chain. */
  async cancel(id: string, reason: string, by: string): Promise<PublishedWarning> {
    const previous = await this.current(id);
    const chain = [...(await this.chainOf(previous.message)), referenceOf(previous.alert)];
    const alert = cancelOf(previous.alert, chain, {
      ...this.deps.sender,
      pack: this.deps.pack,
      now: after(previous.alert, this.deps.now()),
      reason,
    });
    return this.send(alert, by);
  }

  async list(limit = 100): Promise<PublishedWarning[]> {
    return (await this.deps.repo.recent(limit)).map(toPublished);
  }

  private options(msgType: 'Alert' | 'Update') {
    return { ...this.deps.sender, pack: this.deps.pack, now: this.deps.now(), msgType };
  }

  private checkExpiry(draft: WarningDraft): void {
    if (Date.parse(draft.expires) <= this.deps.now() + 60_000)
      throw new CodedError('BAD_REQUEST', 'expires must be in the future', [
        { path: 'expires', message: 'not in the future' },
      ]);
  }

  /** Schema validation, then a dry run of the adapter the message will meet (geometry, lengths, times). */
  private check(alert: CapAlert): { preview: WarningPreview; alert: CapAlert } {
    const preview = renderAndValidate(alert);
    if (!preview.valid) return { preview, alert };
    const adapted = warningsAdapter.adapt({ xml: preview.xml, referenced: [] }, { pack: this.deps.pack });
    if (!adapted.ok) {
      return {
        preview: {
          ...preview,
          valid: false,
          errors: adapted.details ?? [{ path: '(alert)', message: adapted.message }],
        },
        alert,
      };
    }
    return { preview, alert };
  }

  private async send(alert: CapAlert, by: string): Promise<PublishedWarning> {
    const { preview } = this.check(alert);
    if (!preview.valid)
      throw new CodedError('CAP_INVALID', 'the message does not validate as CAP 1.2', preview.errors);
    const record = await withReferencedWarnings(
      { payload: preview.xml, raw: preview.xml },
      { states: this.deps.states },
    );
    const results = await this.deps.pipeline.submit('warnings', record);
    const bad = results.find((r) => r.outcome === 'quarantined');
    if (bad)
      throw new CodedError(
        'CAP_INVALID',
        bad.reason?.message ?? 'the warnings adapter refused the message',
        bad.reason?.details,
      );
    const info = alert.info?.[0];
    const message: Omit<CapMessage, 'superseded'> = {
      id: `${alert.sender},${alert.identifier}`,
      identifier: alert.identifier,
      sender: alert.sender,
      sent: toUtcInstant(Date.parse(alert.sent)),
      msgType: alert.msgType as CapMessage['msgType'],
      level: levelOf(info?.severity),
      headline: info?.headline ?? alert.identifier,
      expires: info?.expires ? toUtcInstant(Date.parse(info.expires)) : null,
      references: (alert.references ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((r) => r.split(',').slice(0, 2).join(',')),
      publishedBy: by,
      xml: preview.xml,
    };
    await this.deps.repo.add(message);
    return toPublished({ ...message, superseded: message.msgType === 'Cancel' });
  }

  /** The stored message `id` (ours), refused when already superseded: updates and cancels go to the latest. */
  private async current(id: string): Promise<{ message: CapMessage; alert: CapAlert }> {
    const message = await this.deps.repo.get(id);
    if (!message) throw new CodedError('NOT_FOUND', `no published warning ${id}`);
    if (message.superseded)
      throw new CodedError(
        'ILLEGAL_TRANSITION',
        `warning ${id} was already updated or cancelled; act on the latest`,
      );
    const parsed = parseCap(message.xml);
    if (!parsed.ok) throw new CodedError('INTERNAL', `stored CAP message ${id} no longer parses`);
    return { message, alert: parsed.alert };
  }

  /** The `references` triples of every earlier message in `m`'s chain. */
  private async chainOf(m: CapMessage): Promise<string[]> {
    const out: string[] = [];
    for (let refs = m.references; refs.length > 0;) {
      const prev = await this.deps.repo.get(refs[0]!);
      if (!prev) break;
      const parsed = parseCap(prev.xml);
      if (parsed.ok) out.unshift(referenceOf(parsed.alert));
      refs = prev.references;
    }
    return out;
  }
}

/**
 * CAP times have whole seconds, and a message withdraws what it references only if it is later: an Update or
 * Cancel sent within the same second as its predecessor is stamped one second after it.
 */
function after(previous: CapAlert, now: number): number {
  return Math.max(now, Math.floor(Date.parse(previous.sent) / 1000) * 1000 + 1000);
}

function levelOf(severity: string | undefined): CapMessage['level'] {
  return severity === 'Extreme'
    ? 'red'
    : severity === 'Severe'
      ? 'orange'
      : severity === 'Moderate'
        ? 'yellow'
        : 'blue';
}

function toPublished(m: CapMessage): PublishedWarning {
  return {
    id: m.id,
    identifier: m.identifier,
    sender: m.sender,
    sent: m.sent,
    msgType: m.msgType,
    level: m.level,
    headline: m.headline,
    expires: m.expires,
    references: m.references,
    superseded: m.superseded,
    publishedBy: m.publishedBy,
    url: alertUrl(m.identifier),
  };
}
