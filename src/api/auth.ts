import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Me, SessionState, type Role } from '../contract/auth';
import { z } from 'zod';
import { CodedError } from '../contract/errors';
import { getJson, sendJson, setCsrfToken } from './http';

export const authKeys = { session: () => ['auth', 'session'] as const };

/** Where each role lands after sign-in (the console and tour take officers and leaders once they exist). */
export function homeFor(role: Role): string {
  switch (role) {
    case 'admin':
      return '/admin';
    case 'auditor':
      return '/audit';
    case 'officer':
      // Duty officers work the queue; the wall is one click away.
      return '/console';
    default:
      return '/wall';
  }
}

async function fetchSession(signal?: AbortSignal): Promise<SessionState> {
  const state = await getJson('/api/auth/session', SessionState, signal);
  setCsrfToken(state.me?.csrfToken ?? null);
  return state;
}

/** Who is signed in (null: nobody). Also keeps the CSRF token the mutations send. */
export function useSession() {
  return useQuery({
    queryKey: authKeys.session(),
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 60_000,
    retry: 1,
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      sendJson('POST', '/api/auth/login', body, Me),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      qc.setQueryData(authKeys.session(), { me });
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson('POST', '/api/auth/logout', {}, z.object({ ok: z.literal(true) })),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(authKeys.session(), { me: null });
    },
  });
}

const WALL_TOKEN_KEY = 'city-brain.wall-token';

/**
 * A wall display signs in with its device token: taken from `?token=` (the URL the operations centre
 * puts on the wall PC), removed from the address bar at once, and kept in this tab's sessionStorage so the
 * unattended wall can sign in again by itself when its session ends (expiry, server-side revocation of
 * the session, a new secret). Returns whether it is signed in.
 */
export async function signInWallDevice(): Promise<boolean> {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    window.sessionStorage.setItem(WALL_TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }
  const token = fromUrl ?? window.sessionStorage.getItem(WALL_TOKEN_KEY);
  if (!token) return false;
  for (let attempt = 0; ; attempt++) {
    try {
      const me = await sendJson('POST', '/api/auth/device', { token }, Me);
      setCsrfToken(me.csrfToken);
      return true;
    } catch (err) {
      // A revoked or unknown token: forget it, so the page goes to sign-in instead of retrying forever.
      if (err instanceof CodedError && DEVICE_REFUSED.has(err.code)) {
        window.sessionStorage.removeItem(WALL_TOKEN_KEY);
        console.warn('wall device sign-in refused', err);
        return false;
      }
      // Anything else (server restarting, network down, busy, rate-limited) passes: an unattended wall keeps
      // its token and tries again, backing off to every 30 s, instead of waiting on a sign-in page for a person.
      console.warn(`wall device sign-in failed (attempt ${attempt + 1}); trying again`, err);
      await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** attempt)));
    }
  }
}

/** The server's answers that mean the token itself is no good (anything else is worth another try). */
const DEVICE_REFUSED = new Set(['INVALID_CREDENTIALS', 'BAD_REQUEST']);

export function hasWallToken(): boolean {
  return (
    new URL(window.location.href).searchParams.has('token') || !!window.sessionStorage.getItem(WALL_TOKEN_KEY)
  );
}

/**
 * The live connection lost its session: a wall display signs in again with its device token; a person
 * goes to the sign-in page (and comes back here afterwards).
 */
export async function recoverWallSession(): Promise<boolean> {
  if (hasWallToken() && (await signInWallDevice())) return true;
  window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
  return false;
}
