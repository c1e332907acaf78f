/**
 * Receiving one uploaded file into memory (multipart field `file`), with the size limit said in
 * Chinese on that field instead of the plugin's bare 413. For files that fit in memory (scans,
 * whole-file imports); the roster import streams its upload to disk instead.
 */
import type { FastifyRequest } from 'fastify';
import type { MultipartFields } from '@fastify/multipart';
import { Invalid } from './errors.ts';

export interface ReceivedFile {
  filename: string;
  data: Buffer;
  /** The form's other fields sent before the file (a field after it is not seen). */
  fields: MultipartFields;
}

/** "5 MB", "20 MB": how a limit is written in messages. */
export function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/**
 * The request's file, at most `maxBytes`; `missing` and `tooLarge` are the messages on the
 * `file` field when there is none or it is larger.
 */
export async function receiveUpload(req: FastifyRequest, opts: { maxBytes: number; missing: string; tooLarge: string }): Promise<ReceivedFile> {
  const file = await req.file({ limits: { fileSize: opts.maxBytes, files: 1 } });
  if (!file) throw Invalid.field('file', opts.missing);
  let data: Buffer;
  try {
    data = await file.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw Invalid.field('file', opts.tooLarge);
    throw err;
  }
  if (file.file.truncated) throw Invalid.field('file', opts.tooLarge);
  return { filename: file.filename, data, fields: file.fields };
}

/** The text of a form field sent before the file, trimmed; '' when absent. */
export function fieldText(upload: ReceivedFile, name: string): string {
  const field = upload.fields[name] as { value?: unknown } | undefined;
  return typeof field?.value === 'string' ? field.value.trim() : '';
}

/** One file of a form with several (its field names what it is, e.g. the kind of document). */
export interface ReceivedPart {
  field: string;
  filename: string;
  data: Buffer;
}

/**
 * A form of several files and text fields, read into memory: at most `maxFiles` files of at most
 * `maxBytes` each, and the text fields (sent before or between the files). The limits are said in
 * Chinese on the `file` field, as `receiveUpload` says them; a request that is not a form is refused.
 */
export async function receiveUploads(
  req: FastifyRequest,
  opts: { maxBytes: number; maxFiles: number; tooLarge: string; tooMany: string },
): Promise<{ files: ReceivedPart[]; fields: Record<string, string> }> {
  const files: ReceivedPart[] = [];
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts({ limits: { fileSize: opts.maxBytes, files: opts.maxFiles, fields: 10 } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.file.truncated) throw Invalid.field('file', opts.tooLarge);
        files.push({ field: part.fieldname, filename: part.filename, data });
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw Invalid.field('file', opts.tooLarge);
    if (code === 'FST_FILES_LIMIT') throw Invalid.field('file', opts.tooMany);
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw Invalid.field('file', '表单内容过多');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw Invalid.field('file', '请以表单（multipart/form-data）提交照片');
    throw err;
  }
  return { files, fields };
}
