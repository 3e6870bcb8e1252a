// The field app without a connection (issue 13): the page's side of the
// outbox and the sync (sync-core.ts does the work), the service worker's
// registration and updates (workbox-window), persistent storage, the session
// kept for offline use, and drafts of half-filled forms.
import { Workbox } from 'workbox-window';
import { createStore } from './store';
import type { User } from './types';
import {
  SYNC_TAG, conflicts, enqueue, getMeta, outbox, setMeta, syncOnce,
  type OutboxEntry, type SyncOutcome,
} from './sync-core';

export interface OfflineState {
  online: boolean;
  pending: number;
  refused: number;
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
  pending: 0, refused: 0, syncing: false, lastSync: null, needsLogin: false,
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
  if (navigator.onLine) void syncNow();
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
  window.addEventListener('online', () => { patchState({ online: true }); void syncNow(); });
  window.addEventListener('offline', () => patchState({ online: false }));
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
