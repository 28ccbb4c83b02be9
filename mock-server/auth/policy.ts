import type { Principal, Role } from '../../src/contract/auth';

/**
 * Who may do what: the one table of role → permission. Routes and socket topics name a permission
 * (never a list of roles), so a role's reach is read and changed here.
 */
export const PERMISSIONS = {
  /** Signed-in basics: who am I, sign out. */
  self: ['admin', 'leader', 'officer', 'wall', 'auditor'],
  /** Events, their lists, details, search and counts (district-scoped for officers). */
  'events:read': ['admin', 'leader', 'officer', 'wall'],
  /** Exports of event lists (audited). */
  'events:export': ['admin', 'leader', 'officer'],
  /** Lifecycle actions on events (accept, forward, dispatch, verify, close …): the duty console. */
  'events:act': ['leader', 'officer'],
  /** Drafting and publishing CAP warnings. */
  'warnings:publish': ['leader', 'officer'],
  /** Live entity states and their REST views (cameras, sensors, workers, traffic, warnings). */
  'entities:read': ['admin', 'leader', 'officer', 'wall'],
  /** Static map data served over REST (road network, grid cells, divisions). */
  'map:read': ['admin', 'leader', 'officer', 'wall'],
  /** Feed health. */
  'feeds:read': ['admin', 'leader', 'officer', 'wall'],
  /** The dead-letter store holds raw payloads with personal data: operators of the integration only. */
  'dead-letters:read': ['admin'],
  /** Re-submitting a dead letter after a fix (code table, adapter): the integration's operators. */
  'dead-letters:replay': ['admin'],
  /** Stopping and starting the demo's simulated subsystems at run time (feed-health drills). */
  'simulators:control': ['admin'],
  /** Live video (依权限分级调阅): signed stream URLs, district-scoped for officers. */
  'video:view': ['admin', 'leader', 'officer', 'wall'],
  /** Leader tours (/tour): playing them and resolving their live references (district-scoped for officers). */
  'tours:read': ['admin', 'leader', 'officer', 'wall'],
  /** Editing and saving tours (the console's tour editor). */
  'tours:edit': ['admin', 'leader'],
  /** Accounts, roles, districts, devices and sessions. */
  'users:manage': ['admin'],
  /** The audit log; the auditor reads it and changes nothing (separation of duties: admins do not read it). */
  'audit:read': ['auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Roles that never change anything, whatever a route's permission says (a display, an auditor). */
export const READ_ONLY_ROLES: readonly Role[] = ['wall', 'auditor'];

/** Roles that see citizens' names and phone numbers in full; everyone else sees them masked. */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['admin', 'officer'];

export function can(principal: Pick<Principal, 'role'>, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(principal.role);
}

export function seesPersonalData(principal: Pick<Principal, 'role'>): boolean {
  return PERSONAL_DATA_ROLES.includes(principal.role);
}
