import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { PublishedWarningList } from '../../../src/contract/console';
import { CodedError } from '../../../src/contract/errors';
import { toUtcInstant } from '../../../src/contract/time';
import { alertUrl, type WarningPublisher } from '../../publishing/warning-publisher';
import type { CapMessagesRepo } from '../../store/cap-messages-repo';
import { escapeXml } from '../../subsystems/warnings/cap-writer';

const FEED_SIZE = 100;
const File = z.object({ file: z.string().regex(/^[^\s,<&/]{1,200}\.xml$/, '<identifier>.xml') });

/**
 * The CAP feed other systems poll: public, because a public warning (CAP scope Public) is meant to reach
 * everyone — the release system, media, apps — without an account here. An Atom 1.0 index (the usual CAP
 * index format: one entry per message, linking its CAP XML), the same as JSON, and each message's XML exactly
 * as validated and published. Nothing else of the console is public.
 */
export async function capFeedRoutes(
  app: FastifyInstance,
  opts: { publisher: WarningPublisher; repo: CapMessagesRepo; senderName: string },
): Promise<void> {
  const open = { access: { public: true } } as const;

  app.get('/cap/feed', { config: open }, async (req, reply) => {
    const items = await opts.publisher.list(FEED_SIZE);
    const base = originOf(req);
    const updated = items[0]?.sent ?? toUtcInstant(0);
    const entries = items.map(
      (w) => `  <entry>
    <id>urn:cap:${escapeXml(w.sender)}:${escapeXml(w.identifier)}</id>
    <title>${escapeXml(w.headline)}</title>
    <updated>${w.sent}</updated>
    <category term="${w.msgType}" label="msgType"/>
    <category term="${w.level}" label="level"/>
    <link rel="alternate" type="application/cap+xml" href="${escapeXml(base + w.url)}"/>
    <summary>${escapeXml(`${w.msgType} · ${w.headline}`)}</summary>
  </entry>`,
    );
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(`${base}/api/cap/feed`)}</id>
  <title>${escapeXml(opts.senderName)} · CAP</title>
  <updated>${updated}</updated>
  <link rel="self" href="${escapeXml(`${base}/api/cap/feed`)}"/>
${entries.join('\n')}
</feed>
`;
    reply.header('content-type', 'application/atom+xml; charset=utf-8');
    return xml;
  });

  app.get('/cap/feed.json', { config: open }, async (): Promise<PublishedWarningList> => ({
    items: await opts.publisher.list(FEED_SIZE),
  }));

  app.get('/cap/alerts/:file', { config: open }, async (req, reply) => {
    const { file } = File.parse(req.params);
    const identifier = decodeURIComponent(file.slice(0, -'.xml'.length));
    const m = await opts.repo.byIdentifier(identifier);
    if (!m || alertUrl(m.identifier) !== `/api/cap/alerts/${encodeURIComponent(identifier)}.xml`)
      throw new CodedError('NOT_FOUND', `no CAP message ${identifier}`);
    reply.header('content-type', 'application/cap+xml; charset=utf-8');
    return m.xml;
  });
}

/** The origin other systems reached us at (for absolute links in the feed). */
function originOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}
