import { useCallback, useEffect, useState } from 'react';

/**
 * What a person types is kept in this tab's sessionStorage (never the token), so a session that
 * ends mid-form, or a reload, does not lose it; it is forgotten once the ledger has recorded it.
 */
export function useKeptState<T>(key: string, initial: () => T): [T, (value: T) => void] {
  const storageKey = `ledger:kept:${key}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const kept = window.sessionStorage.getItem(storageKey);
      if (kept !== null) return { ...initial(), ...(JSON.parse(kept) as T) };
    } catch {
      // storage unavailable or holding something unreadable: start afresh
    }
    return initial();
  });
  useEffect(() => {
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(value));
    } catch {
      // storage full or disabled: the form still works, it just is not kept
    }
  }, [storageKey, value]);
  return [value, useCallback((next: T) => setValue(next), [])];
}

export function hasKept(key: string): boolean {
  try {
    return window.sessionStorage.getItem(`ledger:kept:${key}`) !== null;
  } catch {
    return false;
  }
}

export function forgetKept(key: string): void {
  try {
    window.sessionStorage.removeItem(`ledger:kept:${key}`);
  } catch {
    // nothing kept
  }
}
