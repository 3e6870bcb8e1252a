import { createStore, setWorkDate } from './store';

const here = () => location.pathname + location.search;
export const route = createStore<string>(here());

/** A ?date= in the address sets the working date. */
function syncDate() {
  const d = new URLSearchParams(location.search).get('date');
  if (d) setWorkDate(d);
}

export function navigate(to: string, replace = false) {
  if (to === here()) { route.set(to); return; }
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  syncDate();
  route.set(here());
  window.scrollTo(0, 0);
}

/** Update the query string of the current entry without a new history step. */
export function replaceQuery(params: Record<string, string>) {
  const u = new URL(location.href);
  for (const k in params) u.searchParams.set(k, params[k]);
  history.replaceState(null, '', u.pathname + u.search);
  route.set(here());
}

export function startRouter() {
  syncDate();
  window.addEventListener('popstate', () => { syncDate(); route.set(here()); });
  // Same-origin links navigate in the app, without a page load.
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element).closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
    e.preventDefault();
    navigate(href);
  });
}
