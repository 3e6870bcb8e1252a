import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from './api';
import type { ActivityType, CodeName, Indicator } from './types';

/** Catalogues (activity types, indicators) change rarely: one request per page load. */
const cache = new Map<string, Promise<unknown>>();
let fetcher: <T>(path: string) => Promise<T> = (path) => get(path);
/** The field app (offline.ts) keeps the catalogues on the phone for offline use. */
export function setCatalogFetcher(f: <T>(path: string) => Promise<T>) { fetcher = f; }

function cached<T>(path: string): Promise<T> {
  let p = cache.get(path) as Promise<T> | undefined;
  if (!p) {
    p = fetcher<T>(path);
    cache.set(path, p);
    p.catch(() => cache.delete(path));
  }
  return p;
}

export function clearCatalogs() { cache.clear(); }

function useCached<T>(path: string) {
  const [state, setState] = useState<{ data?: T; error?: ApiError }>({});
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    cached<T>(path).then((data) => alive && setState({ data }), (error) => alive && setState({ error }));
    return () => { alive = false; };
  }, [path, tick]);
  return { ...state, reload: () => { cache.delete(path); setTick((t) => t + 1); } };
}

export const useActivityTypes = () => useCached<{ items: ActivityType[] }>('/activity-types');
export const useIndicators = () => useCached<{ items: Indicator[]; pillars: CodeName[] }>('/indicators');

/** Flows are totals over a period; everything else is a stock (value at the period's end). */
export const isFlow = (kind: string | undefined) => kind === 'sum' || kind === 'count' || kind === 'flow';
