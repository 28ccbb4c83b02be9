import { z } from 'zod';
import { DistrictCode } from './geo';
import { UtcInstant } from './time';

/**
 * Accounts, sessions, audit and signed video URLs: the shapes the SPA and the server share.
 * Roles (DESIGN.md §Security): admin manages accounts; leader sees the whole city (personal data masked);
 * officer works the events of their districts; wall is a read-only display device; auditor reads the audit log.
 */
export const Role = z.enum(['admin', 'leader', 'officer', 'wall', 'auditor']);
export type Role = z.infer<typeof Role>;
export const ROLES = Role.options;

/** Account names: lower-case letters, digits, dot, dash, underscore. */
export const Username = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9._-]+$/);

/** At least 10 characters: long passphrases beat composition rules (NIST SP 800-63B §5.1.1). */
export const Password = z.string().min(10).max(200);

/** Who is signed in: a person (user) or a wall display (device). */
export const Principal = z.object({
  kind: z.enum(['user', 'device']),
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  /** GB/T 2260 districts the principal is limited to; null = the whole city. */
  districts: z.array(DistrictCode).nullable(),
  /** A wall device's display profile (layout/parameters it shows); null for people. */
  profile: z.string().nullable(),
});
export type Principal = z.infer<typeof Principal>;

/** GET /api/auth/me: the caller and the token to send as `X-CSRF-Token` on state-changing requests. */
export const Me = z.object({
  principal: Principal,
  csrfToken: z.string(),
  /** When the session ends at the latest (absolute expiry). */
  expiresAt: UtcInstant,
});
export type Me = z.infer<typeof Me>;

export const LoginRequest = z.object({ username: z.string().min(1).max(40), password: z.string().max(200) });
export type LoginRequest = z.infer<typeof LoginRequest>;

/** POST /api/auth/device: a wall display trades its long-lived token for a session cookie. */
export const DeviceLoginRequest = z.object({ token: z.string().min(16).max(200) });

export const CSRF_HEADER = 'x-csrf-token';
/** Header carrying a subsystem's intake API key on POST /api/intake/<source>. */
export const INTAKE_KEY_HEADER = 'x-intake-key';

/** An account as the admin screen sees it (never the password hash). */
export const UserSummary = z.object({
  id: z.string(),
  username: Username,
  displayName: z.string(),
  role: Role.exclude(['wall']),
  districts: z.array(DistrictCode).nullable(),
  disabled: z.boolean(),
  createdAt: UtcInstant,
  updatedAt: UtcInstant,
  activeSessions: z.number().int().nonnegative(),
});
export type UserSummary = z.infer<typeof UserSummary>;

const PersonRole = Role.exclude(['wall']);
const districtsFor = <T extends { role?: string | undefined; districts?: string[] | null | undefined }>(
  v: T,
  ctx: z.RefinementCtx,
) => {
  if (v.role === 'officer' && v.districts !== undefined && (v.districts === null || v.districts.length === 0))
    ctx.addIssue({ code: 'custom', path: ['districts'], message: 'an officer needs at least one district' });
};

export const UserCreate = z
  .object({
    username: Username,
    displayName: z.string().min(1).max(60),
    role: PersonRole,
    districts: z.array(DistrictCode).max(50).nullable().default(null),
    password: Password,
  })
  .superRefine(districtsFor);
export type UserCreate = z.infer<typeof UserCreate>;

/** PATCH /api/admin/users/:id. A new role, districts or password, or disabling, ends the user's sessions. */
export const UserUpdate = z
  .object({
    displayName: z.string().min(1).max(60).optional(),
    role: PersonRole.optional(),
    districts: z.array(DistrictCode).max(50).nullable().optional(),
    password: Password.optional(),
    disabled: z.boolean().optional(),
  })
  .superRefine(districtsFor);
export type UserUpdate = z.infer<typeof UserUpdate>;

export const DeviceSummary = z.object({
  id: z.string(),
  name: z.string(),
  profile: z.string(),
  districts: z.array(DistrictCode).nullable(),
  revoked: z.boolean(),
  createdAt: UtcInstant,
  lastSeenAt: UtcInstant.nullable(),
});
export type DeviceSummary = z.infer<typeof DeviceSummary>;

export const DeviceCreate = z.object({
  name: z.string().min(1).max(60),
  profile: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9-]+$/),
  districts: z.array(DistrictCode).max(50).nullable().default(null),
});
/** The device and its token, shown once: only a hash is stored. */
export const DeviceCreated = z.object({ device: DeviceSummary, token: z.string(), wallUrl: z.string() });
export type DeviceCreated = z.infer<typeof DeviceCreated>;

export const SessionSummary = z.object({
  id: z.string(),
  principalId: z.string(),
  kind: z.enum(['user', 'device']),
  createdAt: UtcInstant,
  lastSeenAt: UtcInstant,
  expiresAt: UtcInstant,
  address: z.string(),
  userAgent: z.string(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

/** One audit entry; `hash` chains it to the previous entry (SHA-256), so a changed or removed row shows. */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: UtcInstant,
  actor: z.string(),
  actorRole: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(['ok', 'denied', 'failed']),
  address: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  actor: z.string().max(80).optional(),
  /** An action (`auth.login`) or a family of them (`auth`). */
  action: z
    .string()
    .max(80)
    .regex(/^[a-z0-9.-]+$/)
    .optional(),
  target: z.string().max(200).optional(),
  from: UtcInstant.optional(),
  to: UtcInstant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({ items: z.array(AuditEntry), total: z.number().int().nonnegative() });
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  entries: z.number().int().nonnegative(),
  /** The first entry that does not verify, and why. */
  firstBad: z.object({ id: z.number().int(), reason: z.string() }).nullable(),
  headHash: z.string().nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;

/** POST /api/video/:cameraId/url: a stream URL signed for the caller, valid until `expiresAt`. */
export const VideoUrl = z.object({ cameraId: z.string(), url: z.string(), expiresAt: UtcInstant });
export type VideoUrl = z.infer<typeof VideoUrl>;

/** GET /api/auth/session: who is signed in, if anyone (200 either way, so a signed-out page sees no error). */
export const SessionState = z.object({ me: Me.nullable() });
export type SessionState = z.infer<typeof SessionState>;
