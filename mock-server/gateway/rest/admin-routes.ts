import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  DeviceCreate,
  UserCreate,
  UserUpdate,
  type DeviceCreated,
  type SessionSummary,
  type UserSummary,
} from '../../../src/contract/auth';
import { CodedError } from '../../../src/contract/errors';
import { toUtcInstant } from '../../../src/contract/time';
import type { Access } from '../../auth/access';
import { recordAudit } from '../../auth/audit';
import { userPrincipal, type AuthService } from '../../auth/auth-service';
import { hashPassword } from '../../auth/passwords';
import { deviceSummary, type AccountsRepo, type UserRecord } from '../../store/accounts-repo';
import type { SessionRow } from '../../store/sessions-repo';

const MANAGE: { access: Access } = { access: { permission: 'users:manage' } };
const BODY_LIMIT = 16 * 1024;
const IdParam = z.object({ id: z.string().min(1).max(100) });

/** The admin screen's API: accounts, roles, districts, wall devices and sessions. Every change is audited. */
export async function adminRoutes(
  app: FastifyInstance,
  opts: { auth: AuthService; accounts: AccountsRepo; districtCodes: readonly string[] },
): Promise<void> {
  const { auth, accounts } = opts;
  const checkDistricts = (codes: readonly string[] | null | undefined) => {
    const unknown = (codes ?? []).filter((c) => !opts.districtCodes.includes(c));
    if (unknown.length)
      throw new CodedError('UNKNOWN_CODE', `not a district of this city: ${unknown.join(', ')}`, [
        { path: 'districts', message: 'unknown district code' },
      ]);
  };
  const summary = async (u: UserRecord): Promise<UserSummary> => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    districts: u.role === 'officer' ? u.districts : null,
    disabled: u.disabled,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
    activeSessions: (await auth.openSessions(u.id)).length,
  });

  app.get('/admin/users', { config: MANAGE }, async () =>
    Promise.all((await accounts.listUsers()).map(summary)),
  );

  app.post('/admin/users', { config: MANAGE, bodyLimit: BODY_LIMIT }, async (req, reply) => {
    const body = UserCreate.parse(req.body);
    checkDistricts(body.districts);
    if (await accounts.userByName(body.username))
      throw new CodedError('USERNAME_TAKEN', `${body.username} exists`);
    const created = await accounts.createUser(
      {
        username: body.username,
        displayName: body.displayName,
        role: body.role,
        districts: body.role === 'officer' ? body.districts : null,
        passwordHash: await hashPassword(body.password),
      },
      toUtcInstant(Date.now()),
    );
    await recordAudit(req, 'user.create', created.username, {
      role: created.role,
      districts: created.districts,
    });
    return reply.status(201).send(await summary(created));
  });

  app.patch('/admin/users/:id', { config: MANAGE, bodyLimit: BODY_LIMIT }, async (req) => {
    const { id } = IdParam.parse(req.params);
    const patch = UserUpdate.parse(req.body);
    const user = await accounts.userById(id);
    if (!user) throw new CodedError('NOT_FOUND', `no user ${id}`);
    checkDistricts(patch.districts);
    const next: UserRecord = {
      ...user,
      displayName: patch.displayName ?? user.displayName,
      role: patch.role ?? user.role,
      districts: patch.districts !== undefined ? patch.districts : user.districts,
      disabled: patch.disabled ?? user.disabled,
      passwordHash: patch.password ? await hashPassword(patch.password) : user.passwordHash,
      updatedAt: toUtcInstant(Date.now()),
    };
    if (next.role === 'officer' && !next.districts?.length)
      throw new CodedError('BAD_REQUEST', 'an officer needs at least one district', [
        { path: 'districts', message: 'required for officers' },
      ]);
    if (id === req.principal!.id && (next.role !== 'admin' || next.disabled))
      throw new CodedError('BAD_REQUEST', 'an admin cannot demote or disable their own account');
    const changed = [
      ...(next.displayName !== user.displayName ? ['displayName'] : []),
      ...(next.role !== user.role ? ['role'] : []),
      ...(JSON.stringify(userPrincipal(next).districts) !== JSON.stringify(userPrincipal(user).districts)
        ? ['districts']
        : []),
      ...(patch.password ? ['password'] : []),
      ...(next.disabled !== user.disabled ? ['disabled'] : []),
    ];
    await accounts.updateUser(next);
    // Whoever holds a session of this user holds the old rights: a change of rights or password ends them.
    const revoked = changed.some((c) => c !== 'displayName') ? await auth.revokeAllOf(id) : 0;
    await recordAudit(req, 'user.update', user.username, {
      changed,
      role: next.role,
      districts: userPrincipal(next).districts,
      disabled: next.disabled,
      sessionsRevoked: revoked,
    });
    return summary(next);
  });

  app.post('/admin/users/:id/revoke-sessions', { config: MANAGE, bodyLimit: BODY_LIMIT }, async (req) => {
    const { id } = IdParam.parse(req.params);
    const user = await accounts.userById(id);
    if (!user) throw new CodedError('NOT_FOUND', `no user ${id}`);
    const revoked = await auth.revokeAllOf(id);
    await recordAudit(req, 'session.revoke-all', user.username, { revoked });
    return { revoked };
  });

  app.get('/admin/sessions', { config: MANAGE }, async (req): Promise<SessionSummary[]> => {
    const q = z.object({ principalId: z.string().max(100).optional() }).parse(req.query);
    return (await auth.openSessions(q.principalId)).map(sessionSummary);
  });

  app.delete('/admin/sessions/:id', { config: MANAGE }, async (req) => {
    const { id } = IdParam.parse(req.params);
    const ended = await auth.revokeSession(id);
    if (!ended) throw new CodedError('NOT_FOUND', `no open session ${id}`);
    await recordAudit(req, 'session.revoke', id);
    return { revoked: 1 };
  });

  app.get('/admin/devices', { config: MANAGE }, async () =>
    (await accounts.listDevices()).map(deviceSummary),
  );

  app.post('/admin/devices', { config: MANAGE, bodyLimit: BODY_LIMIT }, async (req, reply) => {
    const body = DeviceCreate.parse(req.body);
    checkDistricts(body.districts);
    const token = randomBytes(24).toString('base64url');
    const device = await accounts.createDevice(
      { name: body.name, profile: body.profile, districts: body.districts, tokenHash: auth.tokenHash(token) },
      toUtcInstant(Date.now()),
    );
    await recordAudit(req, 'device.create', device.id, {
      name: device.name,
      profile: device.profile,
      districts: device.districts,
    });
    const created: DeviceCreated = {
      device: deviceSummary(device),
      token,
      wallUrl: `/wall?token=${token}`,
    };
    return reply.status(201).send(created);
  });

  app.post('/admin/devices/:id/revoke', { config: MANAGE, bodyLimit: BODY_LIMIT }, async (req) => {
    const { id } = IdParam.parse(req.params);
    const device = await accounts.deviceById(id);
    if (!device) throw new CodedError('NOT_FOUND', `no device ${id}`);
    await accounts.revokeDevice(id, toUtcInstant(Date.now()));
    const revoked = await auth.revokeAllOf(id);
    await recordAudit(req, 'device.revoke', id, { name: device.name, sessionsRevoked: revoked });
    return deviceSummary((await accounts.deviceById(id))!);
  });
}

function sessionSummary(s: SessionRow): SessionSummary {
  return {
    id: s.id,
    principalId: s.principal_id,
    kind: s.principal_kind as SessionSummary['kind'],
    createdAt: s.created_at,
    lastSeenAt: s.last_seen_at,
    expiresAt: s.expires_at,
    address: s.address,
    userAgent: s.user_agent,
  };
}
