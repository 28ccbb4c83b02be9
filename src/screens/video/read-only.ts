import type { Role } from '../../contract/auth';

/** Roles that change nothing (mirrors the server's policy.ts READ_ONLY_ROLES; the server enforces it). */
export const READ_ONLY_ROLES: readonly Role[] = ['wall', 'auditor'];
