import type { FastifyInstance } from 'fastify';
import { AuditQuery } from '../../../src/contract/auth';
import { recordAudit } from '../../auth/audit';

/** The auditor's API: search the audit log and verify its hash chain. Reading it is itself audited. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.get('/audit', { config: { access: { permission: 'audit:read' } } }, async (req) => {
    const q = AuditQuery.parse(req.query);
    const page = await app.audit.repo.search(q);
    await recordAudit(req, 'audit.search', null, { query: { ...q } });
    return page;
  });

  app.get('/audit/verify', { config: { access: { permission: 'audit:read' } } }, async (req) => {
    const result = await app.audit.repo.verify();
    await recordAudit(req, 'audit.verify', null, { ok: result.ok, entries: result.entries });
    return result;
  });
}
