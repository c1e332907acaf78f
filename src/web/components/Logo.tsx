/** The mark of 娘家人: a home with a heart, in union red. */
export function LogoMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" style={{ flex: 'none', display: 'block' }}>
      <rect width="32" height="32" rx="8" fill="#d9363e" />
      <path d="M16 6.5 5.5 15h3v10.5h15V15h3z" fill="#fff" />
      <path d="M16 23.2s-5-3-5-6.3c0-1.6 1.2-2.8 2.7-2.8 1 0 1.8.5 2.3 1.3.5-.8 1.3-1.3 2.3-1.3 1.5 0 2.7 1.2 2.7 2.8 0 3.3-5 6.3-5 6.3z" fill="#d9363e" />
    </svg>
  );
}
