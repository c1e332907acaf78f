/** A portal page loaded when first opened: a spinner until its code has arrived. Module manifests wrap their pages in it. */
import { Suspense, type ReactNode } from 'react';
import { SpinLoading } from 'antd-mobile';

export function Lazy({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <div style={{ padding: 48, textAlign: 'center' }}>
          <SpinLoading style={{ margin: '0 auto' }} />
        </div>
      }
    >
      {children}
    </Suspense>
  );
}
