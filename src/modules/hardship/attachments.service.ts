/** 证明材料: scans of a case file's proofs, typed by their bytes; reading one is audited. */
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { recordAudit } from '../audit/index.ts';
import * as casesRepo from './cases.repository.ts';
import * as repo from './attachments.repository.ts';
import { getCase } from './cases.service.ts';
import { MAX_ATTACHMENT_BYTES } from './hardship.contract.ts';

/** The type of a scan by its first bytes (the name and the browser's claim are not trusted). */
export function sniffDocument(data: Buffer): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

/** 上传证明材料: a PDF, JPG or PNG of at most 5 MB, while the file is not closed. */
export async function addAttachment(db: Db, actor: Actor, id: number, file: { title: string; filename: string; data: Buffer }) {
  authorize(actor, 'hardship:write');
  const mime = sniffDocument(file.data);
  if (!mime) throw Invalid.field('file', '证明材料只支持 PDF、JPG、PNG 文件');
  if (file.data.length > MAX_ATTACHMENT_BYTES) throw Invalid.field('file', '单个文件不能超过 5 MB');
  await db.transaction(async (tx) => {
    const found = await casesRepo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    if (found.c.status === 'closed') throw new Conflict('档案已销档，不能再上传材料');
    const attachmentId = await repo.insertAttachment(tx, {
      caseId: id,
      title: file.title,
      filename: file.filename.slice(0, 120),
      mime,
      size: file.data.length,
      data: file.data,
      byAccountId: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'hardship.attach',
      entity: 'hardship_case',
      entityId: id,
      orgId: found.c.orgId,
      summary: `${found.c.caseNo} 上传证明材料「${file.title}」（${Math.ceil(file.data.length / 1024)} KB）`,
      after: { attachmentId, mime },
    });
  });
  return getCase(db, actor, id);
}

/** Scans show household finances and health: the sensitive permission, each opening audited. */
export async function readAttachment(db: Db, actor: Actor, id: number, attachmentId: number) {
  authorize(actor, 'hardship:sensitive');
  return db.transaction(async (tx) => {
    const found = await casesRepo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    const a = await repo.findAttachment(tx, id, attachmentId);
    if (!a) throw new NotFound('证明材料');
    await recordAudit(tx, actor, {
      action: 'hardship.attachment.read',
      entity: 'hardship_case',
      entityId: id,
      orgId: found.c.orgId,
      summary: `查看 ${found.c.caseNo} 的证明材料「${a.title}」`,
    });
    return a;
  });
}
