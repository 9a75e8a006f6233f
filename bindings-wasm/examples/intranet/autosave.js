// Saving <eblom-flowerbox> answers to a server through a callback that can fail, so that a
// failed save is shown and retried, never lost. Copy it into a page, or import it:
//
//   import { autosave } from './autosave.js';
//   const saving = autosave(box, {
//     save: async (json) => {
//       const r = await fetch('/api/assessment', { method: 'PUT', body: json, headers: { 'Content-Type': 'application/json' } });
//       if (!r.ok) throw new Error(`HTTP ${r.status}`);
//     },
//     onState: ({ state, error }) => { /* 'saving' | 'saved' | 'failed': show it; offer saving.retry() */ },
//   });
//
// The pattern: only the newest assessment is sent (each `change` carries the whole file), one
// request at a time; a change while a request is on its way is sent after it. A failure keeps the
// newest text, reports 'failed' and tries again after `retryAfterMs` (doubling, at most five
// minutes), when the browser comes back online, at the next change, or at `retry()`. While
// anything is unsent, leaving the page warns.

/**
 * @param {HTMLElement} box an <eblom-flowerbox>
 * @param {{save: (json: string) => Promise<unknown>, onState?: (s: {state: 'saving'|'saved'|'failed', error?: unknown, attempts: number}) => void, retryAfterMs?: number}} options
 * @returns {{retry: () => void, readonly pending: boolean, stop: () => void}}
 */
export function autosave(box, { save, onState = () => {}, retryAfterMs = 10_000 }) {
  let pending = null; // the newest JSON text not yet confirmed by the server
  let sending = false;
  let timer = null;
  let attempts = 0; // failures in a row

  const schedule = () => {
    clearTimeout(timer);
    const wait = Math.min(retryAfterMs * 2 ** Math.max(0, attempts - 1), 300_000);
    timer = setTimeout(flush, wait);
  };

  async function flush() {
    clearTimeout(timer);
    timer = null;
    if (sending || pending === null) return;
    const json = pending;
    sending = true;
    onState({ state: 'saving', attempts });
    let failed = null;
    try {
      await save(json);
    } catch (error) {
      failed = error ?? new Error('save failed');
    }
    sending = false;
    if (failed) {
      attempts += 1;
      onState({ state: 'failed', error: failed, attempts });
      schedule();
      return;
    }
    attempts = 0;
    if (pending === json) {
      pending = null;
      onState({ state: 'saved', attempts });
    } else {
      flush(); // changed while on its way: send the newer text
    }
  }

  const onChange = (event) => {
    pending = event.detail.json;
    flush();
  };
  const onLeave = (event) => {
    if (pending === null) return;
    event.preventDefault();
    event.returnValue = '';
  };
  box.addEventListener('change', onChange);
  window.addEventListener('beforeunload', onLeave);
  window.addEventListener('online', flush);

  return {
    retry: () => flush(),
    get pending() {
      return pending !== null;
    },
    stop: () => {
      clearTimeout(timer);
      box.removeEventListener('change', onChange);
      window.removeEventListener('beforeunload', onLeave);
      window.removeEventListener('online', flush);
    },
  };
}
