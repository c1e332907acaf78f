/**
 * 夏令营摇号 — the draw, as a pure function anyone can run again (the server, the bench, the
 * published page in a browser). No randomness of its own: everything comes from the seed and the
 * list of applications, both published.
 *
 * 1. Seed: before the draw, staff publish a value everyone can see but nobody controls (e.g. a
 *    lottery's numbers on a stated day). seed = hex(SHA-256(that text in UTF-8)). Publishing it
 *    closes applications, so nobody can apply after seeing it.
 * 2. Key: each application's key = hex(HMAC-SHA-256(key = the seed's 32 bytes, message = the
 *    application number in decimal digits, UTF-8)).
 * 3. Order: applications (withdrawn ones left out) by key ascending (ties, impossible in practice,
 *    by application number). This is the draw order.
 * 4. Reserved places: for each priority group in the order 困难职工, 劳模, 环卫工人, 新就业形态,
 *    双职工家庭, walk the draw order and give a place to each applicant of that group not yet
 *    selected, until the group's reserved places are filled. Places a group cannot fill go to the
 *    general draw.
 * 5. General draw: walk the draw order again and give the remaining places to those not selected.
 * 6. Waiting list: everyone else, in draw order, numbered from 1.
 */
import { CAMP_GROUPS, type CampGroup, type DrawLine, type Reserved } from './camps.contract.ts';

export const DRAW_ALGORITHM = [
  '种子 = SHA-256(公开随机数来源的 UTF-8 文本) 的十六进制；种子公布即截止报名。',
  '每份申请的排序值 = HMAC-SHA-256(密钥 = 种子的 32 字节, 消息 = 申请编号的十进制数字) 的十六进制。',
  '全部有效申请按排序值从小到大排列（排序值相同按申请编号），即摇号顺序。',
  '依次为困难职工子女、劳模子女、环卫工人子女、新就业形态劳动者子女、双职工家庭子女按摇号顺序录取至预留名额满；未用完的预留名额并入普通名额。',
  '其余名额按摇号顺序录取未录取者；其余申请按摇号顺序列入候补，退出的名额依次递补。',
].join('\n');

export interface DrawEntry {
  no: number;
  /** hex(HMAC-SHA-256(seed, String(no))) */
  key: string;
  groups: readonly CampGroup[];
}

/** The draw's full result, in draw order: each line says how the applicant came out. */
export function runDraw(entries: readonly DrawEntry[], places: number, reserved: Reserved): DrawLine[] {
  const order = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.no - b.no));
  const outcome = new Map<number, DrawLine['outcome']>();
  let left = places;
  for (const group of CAMP_GROUPS) {
    let quota = Math.min(reserved[group], left);
    for (let i = 0; i < order.length && quota > 0; i++) {
      const e = order[i]!;
      if (outcome.has(e.no) || !e.groups.includes(group)) continue;
      outcome.set(e.no, group);
      quota--;
      left--;
    }
  }
  for (let i = 0; i < order.length && left > 0; i++) {
    const e = order[i]!;
    if (outcome.has(e.no)) continue;
    outcome.set(e.no, 'draw');
    left--;
  }
  let waiting = 0;
  return order.map((e, i) => {
    const o = outcome.get(e.no);
    return { rank: i + 1, no: e.no, key: e.key, groups: [...e.groups], outcome: o ?? 'waiting', waitingNo: o ? null : ++waiting };
  });
}
