// Loads something from the replica and loads it again when one of the tables it reads changes.
import { useCallback, useEffect, useRef, useState } from 'react';
import { describe, onEvent } from '../ipc/client';

/** `key` identifies what `load` reads (e.g. the ids it takes): a new key loads again. */
export function useLive<T>(load: () => Promise<T>, tables: string, key: string) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loader = useRef(load);
  loader.current = load;
  // Only the latest load's answer is shown: an older, slower one (typing, a burst of changes) is dropped.
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++latest.current;
    try {
      const loaded = await loader.current();
      if (mine !== latest.current) return;
      setValue(loaded);
      setError(null);
    } catch (e) {
      if (mine === latest.current) setError(describe(e));
    }
  }, []);
  useEffect(() => {
    void reload();
    const watched = tables.split(',');
    return onEvent('replica:changed', ({ tables: changed }) => {
      if (changed.some((t) => watched.includes(t))) void reload();
    });
  }, [reload, tables, key]);
  return { value, error, reload };
}
