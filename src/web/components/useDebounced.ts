import { useEffect, useState } from 'react';

/**
 * The value as it was once it stopped changing for `ms` (search boxes ask the server when the
 * user pauses typing). Objects are compared by content, so a new object with the same fields
 * does not restart the wait.
 */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, ms]);
  return v;
}
