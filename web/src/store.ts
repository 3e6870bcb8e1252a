import { useEffect, useState } from 'preact/hooks';
import { get, setCsrf } from './api';
import { clearCatalogs } from './catalog';
import { isIsoDate, isoToday } from './format';
import type { Meta, Role, User } from './types';

/** A tiny observable value; components re-render through use(). */
export function createStore<T>(init: T) {
  let value = init;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(v: T) {
      if (v === value) return;
      value = v;
      listeners.forEach((l) => l());
    },
    use(): T {
      const [, bump] = useState(0);
      const seen = value;
      useEffect(() => {
        const l = () => bump((x) => x + 1);
        listeners.add(l);
        // A change between render and subscription must not be missed.
        if (value !== seen) l();
        return () => { listeners.delete(l); };
      }, []);
      return value;
    },
  };
}

/** undefined = not known yet, null = logged out */
export const session = createStore<User | null | undefined>(undefined);
export const meta = createStore<Meta | null>(null);

const DATE_KEY = 'langso.date';
function initialDate(): string {
  try {
    const s = sessionStorage.getItem(DATE_KEY);
    if (s && isIsoDate(s)) return s;
  } catch { /* storage may be unavailable */ }
  return isoToday();
}
/** The structure date that drives units, children and coverage. */
export const workDate = createStore<string>(initialDate());
export function setWorkDate(d: string) {
  if (!isIsoDate(d)) return;
  workDate.set(d);
  try { sessionStorage.setItem(DATE_KEY, d); } catch { /* ignore */ }
}

let metaLoading: Promise<void> | null = null;
export function useMeta(): Meta | null {
  const m = meta.use();
  const user = session.use();
  useEffect(() => {
    if (!m && user && !metaLoading) {
      metaLoading = get<Meta>('/meta')
        .then((x) => meta.set(x))
        .catch(() => undefined)
        .finally(() => { metaLoading = null; });
    }
  }, [m, user]);
  return m;
}

let loginHook: ((user: User, csrf: string) => void) | null = null;
/** Called after every log-in and session check (offline.ts keeps the session for offline use). */
export function onLoggedIn(fn: (user: User, csrf: string) => void) { loginHook = fn; }

export function loggedIn(user: User, csrf: string) {
  setCsrf(csrf);
  session.set(user);
  loginHook?.(user, csrf);
}

export function loggedOut() {
  setCsrf('');
  clearCatalogs();
  session.set(null);
  meta.set(null);
}

export const ROLE_RANK: Record<Role, number> = {
  admin: 5,
  province_officer: 4,
  district_officer: 3,
  commune_officer: 2,
  team_member: 1,
  viewer: 0,
};

/** Everyone but viewers logs activities (team members for their own teams). */
export function canLog(user: User | null | undefined): boolean {
  return !!user && user.role !== 'viewer';
}

/** Officers and administrators write; team members and viewers only read. */
export function canWrite(user: User | null | undefined): boolean {
  return !!user && ROLE_RANK[user.role] >= 2;
}
