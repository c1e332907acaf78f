/**
 * A photo taken on the phone (a paper for 申请帮扶, a document for 互助金申请), made ready to send:
 * decoded by the browser and written again as a JPEG of at most 1600 px on its long side, so a
 * 12-megapixel picture goes up in a few hundred KB (the server takes at most 5 MB, JPG or PNG).
 * A file the browser cannot show as an image is refused here.
 */
const MAX_SIDE = 1600;

export async function preparePhoto(file: File): Promise<File | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) return file;
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  if (!blob) return file;
  const name = file.name.replace(/\.[^.]*$/, '') || 'photo';
  return new File([blob], `${name}.jpg`, { type: 'image/jpeg' });
}
