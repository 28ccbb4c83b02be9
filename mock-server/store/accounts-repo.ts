import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DeviceSummary, Role } from '../../src/contract/auth';
import type { Database, DevicesTable, UsersTable } from './schema';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Exclude<Role, 'wall'>;
  districts: string[] | null;
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DeviceRecord {
  id: string;
  name: string;
  profile: string;
  districts: string[] | null;
  tokenHash: string;
  revokedAt: string | null;
  createdAt: string;
  lastSeenAt: string | null;
}

/** People (users) and wall displays (devices). Secrets are stored only as hashes. */
export class AccountsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async countUsers(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async createUser(u: Omit<UserRecord, 'id' | 'createdAt' | 'updatedAt' | 'disabled'>, now: string) {
    const rec: UserRecord = { ...u, id: randomUUID(), disabled: false, createdAt: now, updatedAt: now };
    await this.db.insertInto('users').values(userToRow(rec)).execute();
    return rec;
  }

  async userById(id: string): Promise<UserRecord | null> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? rowToUser(r) : null;
  }

  async userByName(username: string): Promise<UserRecord | null> {
    const r = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return r ? rowToUser(r) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map(rowToUser);
  }

  async updateUser(rec: UserRecord): Promise<void> {
    await this.db.updateTable('users').set(userToRow(rec)).where('id', '=', rec.id).execute();
  }

  async createDevice(d: Omit<DeviceRecord, 'id' | 'revokedAt' | 'lastSeenAt' | 'createdAt'>, now: string) {
    const rec: DeviceRecord = { ...d, id: randomUUID(), revokedAt: null, lastSeenAt: null, createdAt: now };
    await this.db
      .insertInto('devices')
      .values({
        id: rec.id,
        name: rec.name,
        profile: rec.profile,
        districts: rec.districts ? JSON.stringify(rec.districts) : null,
        token_hash: rec.tokenHash,
        revoked_at: null,
        created_at: now,
        last_seen_at: null,
      })
      .execute();
    return rec;
  }

  async deviceById(id: string): Promise<DeviceRecord | null> {
    const r = await this.db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? rowToDevice(r) : null;
  }

  async deviceByTokenHash(tokenHash: string): Promise<DeviceRecord | null> {
    const r = await this.db
      .selectFrom('devices')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return r ? rowToDevice(r) : null;
  }

  async listDevices(): Promise<DeviceRecord[]> {
    const rows = await this.db.selectFrom('devices').selectAll().orderBy('created_at').execute();
    return rows.map(rowToDevice);
  }

  async revokeDevice(id: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('devices')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async touchDevice(id: string, now: string): Promise<void> {
    await this.db.updateTable('devices').set({ last_seen_at: now }).where('id', '=', id).execute();
  }
}

export function deviceSummary(d: DeviceRecord): DeviceSummary {
  return {
    id: d.id,
    name: d.name,
    profile: d.profile,
    districts: d.districts,
    revoked: d.revokedAt !== null,
    createdAt: d.createdAt,
    lastSeenAt: d.lastSeenAt,
  };
}

function userToRow(u: UserRecord): UsersTable {
  return {
    id: u.id,
    username: u.username,
    display_name: u.displayName,
    role: u.role,
    districts: u.districts ? JSON.stringify(u.districts) : null,
    password_hash: u.passwordHash,
    disabled: u.disabled ? 1 : 0,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
  };
}

function rowToUser(r: Selectable<UsersTable>): UserRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as UserRecord['role'],
    districts: r.districts ? (JSON.parse(r.districts) as string[]) : null,
    passwordHash: r.password_hash,
    disabled: Number(r.disabled) === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function rowToDevice(r: Selectable<DevicesTable>): DeviceRecord {
  return {
    id: r.id,
    name: r.name,
    profile: r.profile,
    districts: r.districts ? (JSON.parse(r.districts) as string[]) : null,
    tokenHash: r.token_hash,
    revokedAt: r.revoked_at,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
  };
}
