import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get } from './api';
import { fmtNum } from './format';

type Query = Record<string, string | number | null | undefined>;
type Page<T> = { items: T[]; next_cursor: string | null; count?: number; total?: number };

/**
 * A server-paged list ({items, next_cursor, count|total}): the first page when
 * `path`/`query` change (and `enabled`), more() appends the next one. Answers
 * to an older query are dropped, so typing in a search box never shows a
 * stale list. A new `version` loads the first page again (after a change).
 */
export function usePaged<T>(path: string, query: Query, enabled = true, version = 0) {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const key = path + '?' + JSON.stringify(query);

  const fetchPage = (cursor: string | null, append: boolean) => {
    const mine = ++seq.current;
    setLoading(true);
    setError(undefined);
    get<Page<T>>(path, { ...query, cursor }).then(
      (p) => {
        if (mine !== seq.current) return;
        setItems((old) => (append ? [...old, ...p.items] : p.items));
        setNext(p.next_cursor);
        setTotal(p.count ?? p.total);
        setLoading(false);
        setLoaded(true);
      },
      (e: ApiError) => {
        if (mine !== seq.current) return;
        setError(e);
        setLoading(false);
      },
    );
  };
  useEffect(() => {
    if (!enabled) return;
    fetchPage(null, false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled, tick, version]);
  return {
    items, next, total, loading, loaded, error,
    more: () => { if (next && !loading) fetchPage(next, true); },
    reload: () => setTick((t) => t + 1),
  };
}

/** "50 / 3.906 tổ" and "Xem thêm" under a paged list. */
export function MoreBar(props: { shown: number; total?: number; noun: string; hasMore: boolean; loading: boolean; onMore: () => void; id?: string }) {
  const count = props.total !== undefined
    ? `${fmtNum(props.shown)} / ${fmtNum(props.total)} ${props.noun}`
    : `${fmtNum(props.shown)} ${props.noun}${props.hasMore ? ' (còn nữa)' : ''}`;
  return (
    <div class="more" id={props.id}>
      <span class="muted small" role="status" aria-live="polite">{count}</span>
      {props.hasMore && (
        <button type="button" class="btn" onClick={props.onMore} disabled={props.loading}>
          {props.loading ? 'Đang tải…' : 'Xem thêm'}
        </button>
      )}
    </div>
  );
}
