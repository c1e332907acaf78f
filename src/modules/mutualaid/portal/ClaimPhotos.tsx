/** One line of the claim's checklist: the document, whether it has a photo yet (said in words), the photos taken and the camera. */
import { PhotoPicker, type Picked } from '../../../web/m/PhotoPicker.tsx';
import { DOCUMENT_KIND_LABELS, type DocumentKind } from '../mutualaid.contract.ts';
import { useI18n } from './i18n.ts';

export type { Picked };

/** A document may take several photos (an invoice of two pages); the whole claim at most twelve. */
const PER_DOCUMENT = 4;

export function ClaimPhotos({
  kind,
  photos,
  onChange,
  onProblem,
}: {
  kind: DocumentKind;
  photos: Picked[];
  onChange: (p: Picked[]) => void;
  onProblem: (m: string | null) => void;
}) {
  const { t, tx } = useI18n();
  const label = tx(DOCUMENT_KIND_LABELS[kind]);
  return (
    <div style={{ borderTop: '1px solid #f0f0f0', padding: '10px 0' }} data-testid={`mutualaid-doc-${kind}`}>
      <p style={{ margin: '0 0 6px', display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <strong>{label}</strong>
        <span style={{ color: photos.length ? '#237804' : '#a8071a' }} data-testid="mutualaid-doc-state">
          {photos.length ? `✓ ${t('已拍 {n} 张', { n: photos.length })}` : t('还没有照片')}
        </span>
      </p>
      <PhotoPicker
        photos={photos}
        onChange={onChange}
        max={PER_DOCUMENT}
        onProblem={onProblem}
        testId={`mutualaid-photo-${kind}`}
        addLabel={t('再拍一张')}
        alt={(n) => `${label} ${n}`}
      />
    </div>
  );
}
