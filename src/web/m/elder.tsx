/**
 * 长辈版 (elder mode): larger text and tap targets by the 2021 MIIT age-friendly rules (the sizes
 * are CSS in `index.html`, under `:root.nj-elder`). Chosen on the first screen, remembered on the phone.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

const KEY = 'niangjia.portal.elder';

const ElderContext = createContext<{ elder: boolean; setElder: (on: boolean) => void }>({ elder: false, setElder: () => {} });

function stored(): boolean {
  try {
    return localStorage.getItem(KEY) === '1' || new URLSearchParams(window.location.search).get('elder') === '1';
  } catch {
    return false;
  }
}

export function ElderProvider({ children }: { children: ReactNode }) {
  const [elder, set] = useState(stored);
  useEffect(() => {
    document.documentElement.classList.toggle('nj-elder', elder);
  }, [elder]);
  const setElder = useCallback((on: boolean) => {
    try {
      localStorage.setItem(KEY, on ? '1' : '0');
    } catch {
      /* private mode: lasts for this page */
    }
    set(on);
  }, []);
  return <ElderContext.Provider value={{ elder, setElder }}>{children}</ElderContext.Provider>;
}

export const useElder = () => useContext(ElderContext);
