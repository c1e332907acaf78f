/** One line of the claim's checklist: the document, whether it has a photo yet (said in words), the photos taken and the camera. */
import { Button } from 'antd-mobile';
import { preparePhoto } from '../../../web/m/photo.ts';
import { PhotoInput } from '../../../web/m/PhotoInput.tsx';
import { DOCUMENT_KIND_LABELS, type DocumentKind } from '../mutualaid.contract.ts';
import { MAX_CLAIM_PHOTO_BYTES } from '../worker.contract.ts';
import { useI18n } from './i18n.ts';

export interface Picked {
  file: File;
  url: string;
}

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
  const pick = async (file: File | undefined) => {
    onProblem(null);
    if (!file) return;
    const ready = await preparePhoto(file);
    if (!ready) return onProblem(t('只能上传照片（JPG 或 PNG 格式）'));
    if (ready.size > MAX_CLAIM_PHOTO_BYTES) return onProblem(t('每张照片不能超过 5 MB'));
    onChange([...photos, { file: ready, url: URL.createObjectURL(ready) }]);
  };
  return (
    <div style={{ borderTop: '1px solid #f0f0f0', padding: '10px 0' }} data-testid={`mutualaid-doc-${kind}`}>
      <p style={{ margin: '0 0 6px', display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <strong>{label}</strong>
        <span style={{ color: photos.length ? '#237804' : '#a8071a' }} data-testid="mutualaid-doc-state">
          {photos.length ? `✓ ${t('已拍 {n} 张', { n: photos.length })}` : t('还没有照片')}
        </span>
      </p>
      {photos.length ? (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 8 }}>
          {photos.map((p, i) => (
            <figure key={p.url} style={{ margin: 0, width: 88 }}>
              <img src={p.url} alt={`${label} ${i + 1}`} style={{ width: 88, height: 88, objectFit: 'cover', borderRadius: 6 }} />
              <Button
                size="small"
                block
                onClick={() => {
                  URL.revokeObjectURL(p.url);
                  onChange(photos.filter((_, j) => j !== i));
                }}
              >
                {t('删除')}
              </Button>
            </figure>
          ))}
        </div>
      ) : null}
      {photos.length < PER_DOCUMENT ? (
        <PhotoInput label={photos.length ? t('再拍一张') : t('拍照或选择照片')} testId={`mutualaid-photo-${kind}`} onFile={(f) => void pick(f)} />
      ) : null}
    </div>
  );
}
