/**
 * Photos picked on the phone before they are sent: the thumbnails, each with its 删除, and the
 * camera for one more while there is room. The photo is prepared (read, turned upright, made
 * smaller) before its size is checked, so a phone's 8 MB original that shrinks to 1 MB is taken.
 * The 困难帮扶 application and the 互助保障 claim's checklist both show their photos this way.
 */
import { Button } from 'antd-mobile';
import { preparePhoto } from './photo.ts';
import { PhotoInput } from './PhotoInput.tsx';
import { useI18n } from './i18n.ts';

export interface Picked {
  file: File;
  /** The thumbnail's object URL (released when the photo is removed). */
  url: string;
}

/** What a picked photo may weigh, after it is prepared: the servers refuse more. */
const MAX_BYTES = 5 * 1024 * 1024;

export function PhotoPicker({
  photos,
  onChange,
  max,
  onProblem,
  testId,
  addLabel,
  alt,
}: {
  photos: Picked[];
  onChange: (p: Picked[]) => void;
  max: number;
  onProblem: (m: string | null) => void;
  /** The file input's test id. */
  testId: string;
  /** The camera's label once there is a photo (before the first: 拍照或选择照片). */
  addLabel?: string;
  /** The thumbnail's text for a screen reader, by its number from 1. */
  alt?: (n: number) => string;
}) {
  const { t } = useI18n();
  const pick = async (file: File | undefined) => {
    onProblem(null);
    if (!file) return;
    const ready = await preparePhoto(file);
    if (!ready) return onProblem(t('只能上传照片（JPG 或 PNG 格式）'));
    if (ready.size > MAX_BYTES) return onProblem(t('每张照片不能超过 5 MB'));
    onChange([...photos, { file: ready, url: URL.createObjectURL(ready) }]);
  };
  return (
    <div>
      {photos.length ? (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 8 }}>
          {photos.map((p, i) => (
            <figure key={p.url} style={{ margin: 0, width: 96 }} data-testid="picked-photo">
              <img
                src={p.url}
                alt={alt ? alt(i + 1) : t('第 {n} 张照片', { n: i + 1 })}
                style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 6 }}
              />
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
      {photos.length < max ? (
        <PhotoInput label={photos.length && addLabel ? addLabel : t('拍照或选择照片')} testId={testId} onFile={(f) => void pick(f)} />
      ) : null}
    </div>
  );
}
