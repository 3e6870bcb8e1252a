// The field app without a connection (issue 13): the page's side of the
// outbox and the sync (sync-core.ts does the work), the service worker's
// registration and updates (workbox-window), persistent storage, the session
// kept for offline use, and drafts of half-filled forms.
import { Workbox } from 'workbox-window';
import { ApiError, get, type idempotent } from './api';
import { setCatalogFetcher } from './catalog';
import { createStore } from './store';
import type { User } from './types';
import {
  SYNC_TAG, abortSync, conflicts, enqueue, getMeta, outbox, records, setMeta, syncOnce,
  type EntryType, type OutboxEntry, type SyncOutcome,
} from './sync-core';

export interface OfflineState {
  online: boolean;
  /** null until the outbox has been read (never a false "0" while the app opens). */
  pending: number | null;
  refused: number | null;
  syncing: boolean;
  lastSync: number | null;
  needsLogin: boolean;
  persisted: boolean | null;  // null: not asked / not supported
  updateReady: boolean;
  lastError: string | null;
  conflicts: number;
}

export const offline = createStore<OfflineState>({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  pending: null, refused: null, syncing: false, lastSync: null, needsLogin: false,
  persisted: null, updateReady: false, lastError: null, conflicts: 0,
});
const patchState = (p: Partial<OfflineState>) => offline.set({ ...offline.get(), ...p });

/** Roles that work in the field (and have an outbox). */
export function fieldUser(u: User | null | undefined): boolean {
  return !!u && (u.role === 'team_member' || u.role === 'commune_officer');
}

let currentUser: User | null = null;

export async function refresh(): Promise<void> {
  if (!currentUser) return;
  try {
    const mine = await outbox(currentUser.id);
    const c = await conflicts();
    patchState({
      pending: mine.filter((e) => e.state === 'pending').length,
      refused: mine.filter((e) => e.state === 'refused').length,
      lastSync: (await getMeta<number>('last_sync')) ?? null,
      conflicts: c.length,
    });
  } catch { /* IndexedDB unavailable (private mode): the counters stay */ }
}

export async function syncNow(): Promise<SyncOutcome | null> {
  if (!currentUser || !fieldUser(currentUser)) return null;
  patchState({ syncing: true });
  let r: SyncOutcome;
  try {
    r = await syncOnce();
  } catch (e) {
    r = { ok: false, reason: 'server', detail: String(e) };
  }
  patchState({
    syncing: false,
    needsLogin: !r.ok && r.reason === 'unauthenticated',
    lastError: r.ok ? null : r.reason === 'offline' ? null : r.reason === 'unauthenticated'
      ? 'Phiên đăng nhập đã hết hạn. Đăng nhập lại để gửi các thay đổi đang chờ (chúng vẫn được giữ trên máy).'
      : r.detail || 'Máy chủ chưa nhận được thay đổi; sẽ thử lại.',
  });
  await refresh();
  return r;
}

/** What a field screen says when a change went into the outbox instead of to the server. */
export const QUEUED = 'Đã lưu trên máy, sẽ gửi khi có mạng.';

/**
 * The network failed: no answer, or a gateway's (502–504 without our problem
 * code). The server's own 503 (its database away, issue 5) is an answer: the
 * form says to try again, as it does online.
 */
export const networkFailed = (e: unknown) =>
  e instanceof ApiError && (e.status === 0 || (e.status >= 502 && e.status <= 504 && !e.problem.code));

const canQueue = () => fieldUser(currentUser);

/**
 * A field screen's save, the one path for every form that works offline: sent
 * at once when there is a connection; with none (or when the network fails on
 * the way) it goes into the outbox with the same idempotency key — so an
 * attempt that did reach the server is answered as a replay, not saved twice —
 * and the same fields the route takes (the sync sends them to that route).
 * Returns the server's answer, or null when the change was queued.
 */
export async function saveOrQueue<T>(
  sender: ReturnType<typeof idempotent>, path: string, body: Record<string, unknown>,
  entry: { type: EntryType; label: string; fields?: Record<string, unknown> },
): Promise<T | null> {
  if (!canQueue() || navigator.onLine) {
    try {
      return await sender.post<T>(path, body);
    } catch (e) {
      if (!canQueue() || !networkFailed(e)) throw e;
    }
  }
  await queue({ key: sender.take(), type: entry.type, fields: entry.fields ?? body, label: entry.label });
  return null;
}

/**
 * A read a field screen needs offline: the server's answer when it can be had,
 * else what the phone holds (`local`; undefined when it holds nothing: the
 * network's error stands).
 */
export async function readOrLocal<T>(online: () => Promise<T>, local: () => Promise<T | undefined>): Promise<T> {
  const held = () => local().catch(() => undefined);
  if (!canQueue()) return online();
  if (!navigator.onLine) {
    const l = await held();
    if (l !== undefined) return l;
  }
  const asked = online();
  // A connection that is there but hardly works (one bar in the hills): past
  // a few seconds the phone's copy serves; the server's answer is not awaited.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<'slow'>((ok) => { timer = setTimeout(() => ok('slow'), SLOW_MS); });
  try {
    const first = await Promise.race([asked, slow]);
    if (first !== 'slow') return first;
    const l = await held();
    return l !== undefined ? l : await asked;
  } catch (e) {
    if (!networkFailed(e)) throw e;
    const l = await held();
    if (l === undefined) throw e;
    return l;
  } finally {
    clearTimeout(timer);
    asked.catch(() => undefined);
  }
}
const SLOW_MS = 4000;

/**
 * A catalogue (activity types, citizen statuses): kept on the phone for
 * offline use. A field user's kept copy answers at once and the server's is
 * fetched behind it for the next time (they change a few times a year).
 */
export async function keptGet<T>(path: string): Promise<T> {
  const fetchKeep = async () => {
    const data = await get<T>(path);
    if (canQueue()) await setMeta('get:' + path, data).catch(() => undefined);
    return data;
  };
  if (canQueue()) {
    const kept = await getMeta<T>('get:' + path).catch(() => undefined);
    if (kept !== undefined) {
      if (navigator.onLine && !refreshed.has(path)) {
        refreshed.add(path);
        void fetchKeep().catch(() => refreshed.delete(path));
      }
      return kept;
    }
  }
  return readOrLocal(fetchKeep, () => getMeta<T>('get:' + path));
}
const refreshed = new Set<string>();  // catalogues fetched again since the app opened
const FIELD_CATALOGUES = ['/activity-types', '/citizen-status-types'];

// ---- the area as the phone holds it, in the shapes the online routes answer

type Rec = Record<string, any>;
/** A unit of the area and the ids of its villages (a commune's), itself included. */
async function localUnits(id: number): Promise<{ unit: Rec; ids: number[] } | undefined> {
  const units = await records<Rec>('units');
  const unit = units.find((u) => u.id === id);
  if (!unit) return undefined;
  return { unit, ids: [id, ...units.filter((u) => u.parent_id === id).map((u) => u.id as number)] };
}
export async function localUnit<T>(id: number): Promise<T | undefined> {
  return (await localUnits(id))?.unit as T | undefined;
}
/** The teams of a unit and of its villages (GET /units/{id}/teams). */
export async function localTeams<T>(id: number): Promise<{ items: T[] } | undefined> {
  const u = await localUnits(id);
  if (!u) return undefined;
  return { items: (await records<Rec>('teams')).filter((t) => u.ids.includes(t.unit_id)) as T[] };
}
/** The newest activities of a unit and its villages, as downloaded (GET /activities?unit_id=). */
export async function localActivities<T>(id: number, limit: number): Promise<{ items: T[] } | undefined> {
  const u = await localUnits(id);
  if (!u) return undefined;
  const units = new Map((await records<Rec>('units')).map((x) => [x.id, x]));
  const items = (await records<Rec>('activities'))
    .filter((a) => u.ids.includes(a.unit_id))
    .sort((a, b) => (a.date === b.date ? b.id - a.id : a.date < b.date ? 1 : -1))
    .slice(0, limit)
    .map((a) => ({ ...a, unit: a.unit || (units.get(a.unit_id) ? { id: a.unit_id, name: units.get(a.unit_id)!.name } : undefined) }));
  return { items: items as T[] };
}
/** A village's households (GET /units/{id}/households). */
export async function localHouseholds<T>(id: number): Promise<T | undefined> {
  const u = await localUnits(id);
  if (!u) return undefined;
  const hs = (await records<Rec>('households')).filter((h) => h.unit_id === id);
  const residents = (await records<Rec>('residents')).filter((r) => hs.some((h) => h.id === r.household_id));
  const date = (await getMeta<string>('server_date')) || new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  // Counted as the server counts: a household once someone lives there.
  const inhabited = hs.filter((h) => residents.some((r) => r.household_id === h.id)).length;
  return {
    unit_id: id, date, households: inhabited, households_empty: hs.length - inhabited, residents: residents.length,
    items: hs.map((h) => ({ ...h, unit: { id, name: u.unit.name } })),
  } as T;
}
/** A household with its people (GET /households/{id}); the visits stay on the server. */
export async function localHousehold<T>(id: number): Promise<T | undefined> {
  const h = (await records<Rec>('households')).find((x) => x.id === id);
  if (!h) return undefined;
  const unit = await localUnit<Rec>(h.unit_id);
  const residents = (await records<Rec>('residents')).filter((r) => r.household_id === id);
  return { ...h, unit: unit ? { id: unit.id, name: unit.name } : { id: h.unit_id, name: '' }, residents, visits: [] } as T;
}

/** Puts a change in the outbox and sends it at once when there is a connection. */
export async function queue(e: Omit<OutboxEntry, 'seq' | 'state' | 'device_at' | 'user_id'>): Promise<void> {
  if (!currentUser) throw new Error('Chưa đăng nhập');
  await enqueue({ ...e, user_id: currentUser.id });
  await refresh();
  askBackgroundSync();
  if (navigator.onLine) void syncNow();
}

function askBackgroundSync() {
  navigator.serviceWorker?.ready
    .then((reg) => (reg as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register(SYNC_TAG))
    .catch(() => undefined);
}

// ---- the session, kept for opening the app offline

const USER_KEY = 'langso.offline.user';

/** After a log-in (or a session check) online: kept for offline use. */
export async function rememberSession(user: User, csrf: string): Promise<void> {
  currentUser = user;
  try { localStorage.setItem(USER_KEY, JSON.stringify({ user, csrf })); } catch { /* storage may be unavailable */ }
  if (!fieldUser(user)) return;
  const prior = await getMeta<{ id: number }>('user').catch(() => undefined);
  // Another user on this phone: their cursor is not ours (their outbox stays theirs).
  if (prior && prior.id !== user.id) await setMeta('cursor', null);
  await setMeta('user', { id: user.id, role: user.role });
  await setMeta('csrf', csrf);
  patchState({ needsLogin: false });
  await refresh();
  void requestPersistence();
  if (navigator.onLine) {
    void syncNow();
    // The catalogues the field forms need, kept for the day there is no connection.
    for (const p of FIELD_CATALOGUES) void keptGet(p).catch(() => undefined);
  }
}

/** The session last seen online, when the server cannot be reached. */
export function cachedSession(): { user: User; csrf: string } | null {
  try {
    const s = localStorage.getItem(USER_KEY);
    return s ? JSON.parse(s) : null;
  } catch { return null; }
}

/** Log-out: the session is forgotten; the outbox is kept (it is sent after the next log-in of the same user). */
export function forgetSession(): void {
  currentUser = null;
  try { localStorage.removeItem(USER_KEY); } catch { /* ignore */ }
}

export function offlineUser(user: User): void {
  currentUser = user;
  void refresh();
}

async function requestPersistence(): Promise<void> {
  const s = navigator.storage;
  if (!s || !s.persist) { patchState({ persisted: null }); return; }
  try {
    const already = s.persisted ? await s.persisted() : false;
    patchState({ persisted: already || (await s.persist()) });
  } catch { patchState({ persisted: false }); }
}

// ---- drafts of half-filled forms (localStorage: survives reloads and app updates)

const DRAFT = 'langso.draft.';
export function loadDraft<T>(form: string): T | null {
  try {
    const s = localStorage.getItem(DRAFT + form);
    return s ? (JSON.parse(s) as T) : null;
  } catch { return null; }
}
export function saveDraft(form: string, value: unknown): void {
  try { localStorage.setItem(DRAFT + form, JSON.stringify(value)); } catch { /* full or unavailable */ }
}
export function clearDraft(form: string): void {
  try { localStorage.removeItem(DRAFT + form); } catch { /* ignore */ }
}

// ---- service worker

let wb: Workbox | null = null;

export function startOffline(): void {
  setCatalogFetcher(keptGet);
  window.addEventListener('online', () => { patchState({ online: true }); void syncNow(); });
  window.addEventListener('offline', () => { patchState({ online: false }); abortSync(); });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && navigator.onLine) void syncNow();
  });
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  wb = new Workbox('/sw.js', { scope: '/' });
  // A new version waits: the member finishes their form, then taps "Cập nhật".
  wb.addEventListener('waiting', () => patchState({ updateReady: true }));
  wb.addEventListener('message', (e) => {
    if (e.data?.type === 'SYNCED') void refresh();
  });
  wb.register().catch(() => undefined);
}

/** Checks for a new version now (the app also checks on each start). */
export function checkForUpdate(): void { wb?.update().catch(() => undefined); }

export function applyUpdate(): void {
  if (!wb) { location.reload(); return; }
  wb.addEventListener('controlling', () => location.reload());
  wb.messageSkipWaiting();
}
