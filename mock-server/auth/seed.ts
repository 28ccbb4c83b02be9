import type { Role } from '../../src/contract/auth';
import { toUtcInstant } from '../../src/contract/time';
import type { AccountsRepo } from '../store/accounts-repo';
import type { AuditLog } from './audit';
import { hashPassword } from './passwords';

export interface SeededAccount {
  username: string;
  displayName: string;
  role: Role;
  districts: string[] | null;
}

export interface Seeded {
  accounts: SeededAccount[];
  password: string;
  wall: { name: string; profile: string; token: string };
}

/** The officers' districts: 黄浦区 and 徐汇区 in the Shanghai pack, else the pack's first two. */
const PREFERRED = ['310101', '310104'];

/**
 * First start only (no user in the store): the demo accounts, one per role, and a wall display. Their
 * password and the wall token come from SEED_PASSWORD / SEED_WALL_TOKEN (README lists the defaults).
 * Returns what was seeded, for the start-up banner, or null when the store already had users.
 */
export async function seedDemoAccounts(
  accounts: AccountsRepo,
  audit: AuditLog,
  opts: {
    districts: readonly { code: string; name: string }[];
    password: string;
    wallToken: string;
    tokenHash: (t: string) => string;
    now: number;
  },
): Promise<Seeded | null> {
  if ((await accounts.countUsers()) > 0) return null;
  const codes = opts.districts.map((d) => d.code);
  const picked = PREFERRED.every((c) => codes.includes(c)) ? PREFERRED : codes.slice(0, 2);
  const nameOf = (code: string) => opts.districts.find((d) => d.code === code)?.name ?? code;
  const people: SeededAccount[] = [
    { username: 'admin', displayName: '系统管理员', role: 'admin', districts: null },
    { username: 'leader', displayName: '值班领导', role: 'leader', districts: null },
    ...picked.map((code) => ({
      username: `officer-${code}`,
      displayName: `${nameOf(code)}值班员`,
      role: 'officer' as const,
      districts: [code],
    })),
    { username: 'auditor', displayName: '安全审计员', role: 'auditor', districts: null },
  ];
  const now = toUtcInstant(opts.now);
  const passwordHash = await hashPassword(opts.password);
  for (const p of people) {
    await accounts.createUser(
      {
        username: p.username,
        displayName: p.displayName,
        role: p.role as Exclude<Role, 'wall'>,
        districts: p.districts,
        passwordHash,
      },
      now,
    );
  }
  const wall = { name: 'ops-wall-1', profile: 'ops-centre' };
  const device = await accounts.createDevice(
    { ...wall, districts: null, tokenHash: opts.tokenHash(opts.wallToken) },
    now,
  );
  await audit.record({
    actor: 'system',
    action: 'user.seed',
    target: null,
    details: { users: people.map((p) => p.username), device: device.id },
  });
  return {
    accounts: [
      ...people,
      { username: `device:${wall.name}`, displayName: wall.name, role: 'wall', districts: null },
    ],
    password: opts.password,
    wall: { ...wall, token: opts.wallToken },
  };
}
