/**
 * The phone's camera (or its album) for a photo of a paper: a real file input (`capture`, so the
 * phone offers the camera first), visually a large dashed button that grows in elder mode.
 */
export function PhotoInput({ label, onFile, disabled, testId }: { label: string; onFile: (f: File | undefined) => void; disabled?: boolean; testId: string }) {
  return (
    <label
      className="nj-tap"
      style={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        border: '1px dashed #8c8c8c',
        borderRadius: 8,
        padding: '10px 12px',
        background: '#fafafa',
        color: '#1a1a1a',
        position: 'relative',
      }}
    >
      {label}
      <input
        type="file"
        accept="image/*"
        capture="environment"
        disabled={disabled}
        data-testid={testId}
        style={{ position: 'absolute', width: 1, height: 1, opacity: 0, overflow: 'hidden' }}
        onChange={(e) => {
          onFile(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
    </label>
  );
}
