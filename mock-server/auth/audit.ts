import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { AuditEntry } from '../../src/contract/auth';
import { toUtcInstant } from '../../src/contract/time';
import { AuditRepo, type AuditDraft } from '../store/audit-repo';
import type { Dialect } from '../store/migrations';
import type { Database } from '../store/schema';

export interface AuditInput {
  actor: string;
  actorRole?: string | null;
  /** Dotted verb, family first: `auth.login`, `user.update`, `video.url`, `event.dispatch` … */
  action: string;
  target?: string | null;
  outcome?: AuditDraft['outcome'];
  address?: string | null;
  details?: Record<string, unknown>;
}

/**
 * The audit log service. Every append is also written to the application log with its hash: those lines
 * leave the machine with the logs, anchoring the chain's head outside the database (a truncated tail then
 * shows against them).
 */
export class AuditLog {
  readonly repo: AuditRepo;
  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly dialect: Dialect = 'sqlite',
  ) {
    this.repo = new AuditRepo(db, dialect);
  }

  /**
   * Appends an entry. Pass `trx` to write it in the same transaction as the change it records (a lifecycle
   * action and its audit entry then commit or fail together).
   */
  async record(input: AuditInput, trx?: Transaction<Database>): Promise<AuditEntry> {
    const entry = await (trx ? new AuditRepo(trx, this.dialect) : this.repo).append({
      at: toUtcInstant(this.now()),
      actor: input.actor,
      actorRole: input.actorRole ?? null,
      action: input.action,
      target: input.target ?? null,
      outcome: input.outcome ?? 'ok',
      address: input.address ?? null,
      details: input.details ?? {},
    });
    this.log.info(
      { audit: { id: entry.id, hash: entry.hash, action: entry.action, actor: entry.actor } },
      'audit',
    );
    return entry;
  }
}

/**
 * Records an action taken in a request: the actor, role and source address come from the request's
 * principal. The helper every module calls (lifecycle actions, exports, video URLs …).
 */
export function recordAudit(
  req: FastifyRequest,
  action: string,
  target: string | null,
  details: Record<string, unknown> = {},
  opts: { outcome?: AuditDraft['outcome']; trx?: Transaction<Database> } = {},
): Promise<AuditEntry> {
  const p = req.principal;
  return req.server.audit.record(
    {
      actor: p?.username ?? (req.intakeSource ? `source:${req.intakeSource}` : 'anonymous'),
      actorRole: p?.role ?? null,
      action,
      target,
      outcome: opts.outcome ?? 'ok',
      address: req.ip,
      details,
    },
    opts.trx,
  );
}
