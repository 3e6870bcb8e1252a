// The offline store and the one sync loop (issue 13). No DOM: the page
// (offline.ts) and the service worker (sw.ts, Background Sync) run the same
// code against the same IndexedDB, so a change is sent one way only.
//
// IndexedDB through `idb` (docs/decisions.md, "Offline sync"):
//   outbox   — changes made on this phone, in order (seq), each with its own
//              idempotency key; sent oldest first, 50 at a time; removed only
//              when the server answered it (saved, replayed, or merged with a
//              conflict); a refused one stays, with its reason, until the
//              member fixes or discards it.
//   records  — the user's area as the server last sent it: [kind, id].
//   meta     — the cursor, the user, the CSRF token, the last sync, catalogues.
//   conflicts— the conflicts the server reported, for the member to see.
// A new version of the app only ever adds stores (upgrade below): it never
// clears the outbox.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export type EntryType =
  | 'activity.create' | 'visit.create' | 'household.create' | 'household.edit'
  | 'person.create' | 'person.edit' | 'person.status';

export interface OutboxEntry {
  seq?: number;
  key: string;
  user_id: number;
  type: EntryType;
  fields: Record<string, unknown>;
  id?: number;
  base?: Record<string, unknown>;
  household_key?: string;
  person_key?: string;
  device_at: number;
  /** What the phone shows for it ("Ví điện tử · 3 tài khoản"). */
  label: string;
  state: 'pending' | 'refused';
  reason?: string;
  errors?: { field: string; message: string }[];
}

export interface SyncResult {
  index: number;
  key: string | null;
  status: 'ok' | 'conflict' | 'refused';
  id?: number;
  code?: string;
  title?: string;
  detail?: string;
  replayed?: boolean;
  errors?: { field: string; code: string; message: string }[];
  conflicts?: { field: string; label: string; base: unknown; mine: unknown; kept: unknown }[];
}

export type RecordKind = 'households' | 'residents' | 'activities' | 'teams' | 'units';
interface StoredRecord { kind: RecordKind; id: number; data: Record<string, unknown> }

interface Schema extends DBSchema {
  outbox: { key: number; value: OutboxEntry; indexes: { by_key: string } };
  records: { key: [string, number]; value: StoredRecord; indexes: { by_kind: string } };
  meta: { key: string; value: unknown };
  conflicts: { key: string; value: { key: string; label: string; at: number; items: NonNullable<SyncResult['conflicts']> } };
}

export const DB_NAME = 'langso-offline';
export const MAX_ENTRIES = 50;
export const SYNC_TAG = 'langso-outbox';

let dbp: Promise<IDBPDatabase<Schema>> | null = null;
export function db(): Promise<IDBPDatabase<Schema>> {
  if (!dbp) {
    dbp = openDB<Schema>(DB_NAME, 1, {
      upgrade(d, oldVersion) {
        // Version 1. Later versions add stores or indexes here, never delete the outbox.
        if (oldVersion < 1) {
          const o = d.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
          o.createIndex('by_key', 'key', { unique: true });
          const r = d.createObjectStore('records', { keyPath: ['kind', 'id'] });
          r.createIndex('by_kind', 'kind');
          d.createObjectStore('meta');
          d.createObjectStore('conflicts', { keyPath: 'key' });
        }
      },
      blocking() {
        // Another tab opened a newer version: let it upgrade.
        dbp?.then((x) => x.close());
        dbp = null;
      },
    });
  }
  return dbp;
}

export async function getMeta<T>(k: string): Promise<T | undefined> {
  return (await (await db()).get('meta', k)) as T | undefined;
}
export async function setMeta(k: string, v: unknown): Promise<void> {
  await (await db()).put('meta', v, k);
}

export async function outbox(userId?: number): Promise<OutboxEntry[]> {
  const all = await (await db()).getAll('outbox');
  return userId === undefined ? all : all.filter((e) => e.user_id === userId);
}

export async function enqueue(e: Omit<OutboxEntry, 'seq' | 'state' | 'device_at'>): Promise<OutboxEntry> {
  const entry: OutboxEntry = { ...e, state: 'pending', device_at: Math.floor(Date.now() / 1000) };
  entry.seq = await (await db()).add('outbox', entry);
  return entry;
}

export async function discard(seq: number): Promise<void> {
  await (await db()).delete('outbox', seq);
}

/** A refused entry, changed by the member, is sent again (with a new key: the old one names the refused content). */
export async function retry(seq: number, fields: Record<string, unknown>, key: string): Promise<void> {
  const d = await db();
  const e = await d.get('outbox', seq);
  if (!e) return;
  await d.put('outbox', { ...e, fields, key, state: 'pending', reason: undefined, errors: undefined });
}

export async function records<T = Record<string, unknown>>(kind: RecordKind): Promise<T[]> {
  const rows = await (await db()).getAllFromIndex('records', 'by_kind', kind);
  return rows.map((r) => r.data as T);
}

export async function countRecords(kind: RecordKind): Promise<number> {
  return (await db()).countFromIndex('records', 'by_kind', kind);
}

export async function conflicts() {
  return (await db()).getAll('conflicts');
}

interface Changes {
  full: boolean;
  units: Record<string, unknown>[];
  households: Record<string, unknown>[];
  residents: Record<string, unknown>[];
  activities: Record<string, unknown>[];
  teams: Record<string, unknown>[] | null;
  removed: { households: number[]; residents: number[]; activities: number[] };
  area: Record<string, unknown>;
}

async function applyChanges(c: Changes): Promise<void> {
  const d = await db();
  const tx = d.transaction('records', 'readwrite');
  const store = tx.objectStore('records');
  const kinds: RecordKind[] = ['households', 'residents', 'activities', 'units'];
  if (c.teams) kinds.push('teams');
  if (c.full) {
    for (const kind of kinds) {
      for (const k of await store.index('by_kind').getAllKeys(kind)) await store.delete(k);
    }
  } else if (c.teams) {
    for (const k of await store.index('by_kind').getAllKeys('teams')) await store.delete(k);
  }
  const put = (kind: RecordKind, rows: Record<string, unknown>[]) =>
    Promise.all(rows.map((data) => store.put({ kind, id: Number(data.id), data })));
  await put('units', c.units);
  await put('households', c.households);
  await put('residents', c.residents);
  await put('activities', c.activities);
  if (c.teams) await put('teams', c.teams);
  for (const id of c.removed.households) await store.delete(['households', id]);
  for (const id of c.removed.residents) await store.delete(['residents', id]);
  for (const id of c.removed.activities) await store.delete(['activities', id]);
  await tx.done;
}

export type SyncOutcome =
  | { ok: true; sent: number; saved: number; refused: number; conflicts: number }
  | { ok: false; reason: 'offline' | 'unauthenticated' | 'no_session' | 'server' | 'busy'; detail?: string };

let running: Promise<SyncOutcome> | null = null;
let follow: Promise<SyncOutcome> | null = null;
let current: AbortController | null = null;
/** A request of the sync that hangs (a connection gone without a word) is given up after this. */
const SYNC_TIMEOUT_MS = 60000;

/** The connection is gone (the page's `offline` event): the request under way is given up at once. */
export function abortSync(): void { current?.abort(); }

/**
 * Sends the user's pending outbox in order (50 a time) and takes what changed.
 * An answer lost on the way (the connection cut mid-sync) leaves the entries
 * in the outbox; they are sent again with the same keys and the server
 * answers them as replayed: nothing lost, nothing doubled.
 */
export function syncOnce(fetchFn: typeof fetch = fetch): Promise<SyncOutcome> {
  if (running) {
    // Asked again while one runs (the connection came back during a sync that
    // is failing, or a change was queued): one more run after it, for all who asked.
    if (!follow) follow = running.then(() => { follow = null; return syncOnce(fetchFn); });
    return follow;
  }
  running = run(fetchFn).finally(() => { running = null; });
  return running;
}

async function run(fetchFn: typeof fetch): Promise<SyncOutcome> {
  const user = await getMeta<{ id: number }>('user');
  const csrf = await getMeta<string>('csrf');
  if (!user || !csrf) return { ok: false, reason: 'no_session' };
  let sent = 0, saved = 0, refused = 0, conflictCount = 0;
  for (let round = 0; round < 100; round++) {
    const pending = (await outbox(user.id)).filter((e) => e.state === 'pending').slice(0, MAX_ENTRIES);
    const cursor = await getMeta<string>('cursor');
    const entries = pending.map((e) => {
      const x: Record<string, unknown> = { key: e.key, type: e.type, fields: e.fields, device_at: e.device_at };
      if (e.id !== undefined) x.id = e.id;
      if (e.base) x.base = e.base;
      if (e.household_key) x.household_key = e.household_key;
      if (e.person_key) x.person_key = e.person_key;
      return x;
    });
    let res: Response;
    let body: { results: SyncResult[]; changes: Changes; cursor: string; server_date?: string; detail?: string };
    const ctl = new AbortController();
    current = ctl;
    const timer = setTimeout(() => ctl.abort(), SYNC_TIMEOUT_MS);
    try {
      res = await fetchFn('/api/v1/sync', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ cursor: cursor || null, entries }),
        signal: ctl.signal,
      });
      if (res.status === 401) return { ok: false, reason: 'unauthenticated' };
      body = await res.json();
    } catch {
      return { ok: false, reason: 'offline' };
    } finally {
      clearTimeout(timer);
      current = null;
    }
    if (res.status === 400 && (body as { code?: string }).code === 'sync_cursor_invalid') { await setMeta('cursor', null); continue; }
    if (res.status === 403 && (body as { code?: string }).code === 'sync_cursor_foreign') { await setMeta('cursor', null); continue; }
    if (!res.ok) return { ok: false, reason: 'server', detail: body.detail };
    const d = await db();
    for (const r of body.results) {
      const e = pending[r.index];
      if (!e || e.seq === undefined) continue;
      if (r.status === 'refused') {
        refused++;
        await d.put('outbox', { ...e, state: 'refused', reason: r.detail || r.title, errors: (r.errors || []).map((x) => ({ field: x.field, message: x.message })) });
        continue;
      }
      if (!r.replayed) saved++;
      if (r.status === 'conflict' && r.conflicts?.length) {
        conflictCount++;
        await d.put('conflicts', { key: e.key, label: e.label, at: Date.now(), items: r.conflicts });
      }
      await d.delete('outbox', e.seq);
    }
    sent += pending.length;
    await applyChanges(body.changes);
    await setMeta('cursor', body.cursor);
    await setMeta('area', body.changes.area);
    if (body.server_date) await setMeta('server_date', body.server_date);
    await setMeta('last_sync', Date.now());
    const left = (await outbox(user.id)).filter((e) => e.state === 'pending').length;
    if (left === 0 || pending.length === 0) break;
  }
  return { ok: true, sent, saved, refused, conflicts: conflictCount };
}
