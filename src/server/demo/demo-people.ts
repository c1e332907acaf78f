/**
 * A demo population: a few thousand generated workers with valid identity numbers of their
 * union's region, the occupation mix of the articles (sanitation workers, couriers, delivery
 * riders, truck and ride-hailing drivers …), Mongolian and Hui names where they live, most of
 * them union members, and a few planted near-duplicates for the review queue. Deterministic.
 */
import type { DbOrTx } from '../db.ts';
import type { FieldCipher } from '../crypto.ts';
import { personPinyinKeys } from '../text.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { protectId, protectPhone } from '../../modules/people/identity.ts';
import { insertDemoPeople, type DemoPerson } from '../../modules/people/index.ts';

/** Mulberry32: small, seeded, good enough for demo data. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
/** Given names by sex: a person's name, the sex and the ID number's sequence digit (odd = male) agree. */
export const GIVEN = {
  female: '芳娜敏静丽艳娟秀霞桂英玉兰萍红燕慧颖琳丹晶欣雪梅淑凤',
  male: '伟强磊军洋勇杰涛明超刚建国志海鹏飞波宇辉斌鑫浩凯亮成林',
} as const;
export const MONGOLIAN = {
  female: ['乌云', '其其格', '萨仁', '图雅', '斯琴', '敖登', '萨日娜'],
  male: ['巴特尔', '阿拉坦', '苏和', '额尔敦', '朝鲁', '布仁', '宝音', '那顺'],
} as const;
const HUI_SURNAMES = '马杨丁金海白冶虎哈';

type Occupation = [code: string, weight: number, form: 'standard' | 'new_form' | 'migrant' | 'flexible', employer: (county: string) => string];
const OCCUPATIONS: Occupation[] = [
  ['sanitation', 30, 'standard', (c) => `${c}环境卫生服务中心`],
  ['courier', 14, 'new_form', (c) => `${c}快递物流园`],
  ['delivery_rider', 14, 'new_form', () => '美团外卖配送站'],
  ['truck_driver', 10, 'new_form', () => '个体货运'],
  ['ride_hailing_driver', 6, 'new_form', () => '滴滴出行'],
  ['construction', 10, 'migrant', (c) => `${c}城建工程有限公司`],
  ['bus_driver', 4, 'standard', (c) => `${c}公交公司`],
  ['medical', 4, 'standard', (c) => `${c}人民医院`],
  ['domestic', 4, 'flexible', () => '家政服务中心'],
  ['security', 4, 'standard', () => '保安服务公司'],
];
const TOTAL_WEIGHT = OCCUPATIONS.reduce((s, o) => s + o[1], 0);

export interface DemoUnion {
  id: number;
  /** Region code for the ID numbers of people registered there. */
  division: string;
  county: string;
  province: '15' | '64' | '11';
}

export async function loadDemoPeople(tx: DbOrTx, cipher: FieldCipher, unions: DemoUnion[], perUnion: number, today: string) {
  const rand = rng(20251217);
  const pick = <T>(xs: readonly T[] | string) => xs[Math.floor(rand() * xs.length)] as T;
  const people: DemoPerson[] = [];
  let seq = 0;
  const make = (u: DemoUnion, override: { name?: string; birth?: string; phone?: string | null; seq?: number; sex?: 'male' | 'female' } = {}) => {
    const year = 1962 + Math.floor(rand() * 40);
    const birth = override.birth ?? `${year}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    let s = override.seq ?? (seq = (seq + 1) % 999) + 1;
    // A planted name's sex sets the sequence digit's parity (odd = male).
    if (override.sex && (s % 2 === 1) !== (override.sex === 'male')) s = s === 999 ? 998 : s + 1;
    const first17 = `${u.division}${birth}${String(s).padStart(3, '0')}`;
    const id = protectId(cipher, withCheckCharacter(first17), today);
    if ('problem' in id) return undefined;
    const mongolian = u.province === '15' && rand() < 0.18;
    const hui = u.province === '64' && rand() < 0.35;
    const given = GIVEN[id.sex];
    const name =
      override.name ?? (mongolian ? pick(MONGOLIAN[id.sex]) : `${hui ? pick(HUI_SURNAMES) : pick(SURNAMES)}${pick(given)}${rand() < 0.6 ? pick(given) : ''}`);
    const phoneNo =
      override.phone !== undefined ? override.phone : rand() < 0.85 ? `1${pick('3578')}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}` : null;
    const phone = protectPhone(cipher, phoneNo) as Exclude<ReturnType<typeof protectPhone>, { problem: string }>;
    let r = rand() * TOTAL_WEIGHT;
    const occ = OCCUPATIONS.find((o) => (r -= o[1]) < 0) ?? OCCUPATIONS[0]!;
    const tags: string[] = [];
    if (id.sex === 'female') tags.push('女职工');
    if (rand() < 0.06) tags.push('困难职工');
    if (rand() < 0.01) tags.push('劳模');
    if (mongolian || hui) tags.push('少数民族');
    const { full, initials } = personPinyinKeys(name);
    const person: DemoPerson = {
      ...id,
      ...phone,
      orgId: u.id,
      name,
      namePinyin: full,
      nameInitials: initials,
      ethnicity: mongolian ? '蒙古族' : hui ? '回族' : '汉族',
      occupation: occ[0],
      employmentForm: occ[2],
      workStatus: 'on_duty',
      employerName: occ[3](u.county),
      hukouType: occ[2] === 'migrant' ? 'rural' : 'urban',
      tags,
      member: rand() < 0.72 ? `${2005 + Math.floor(rand() * 20)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-01` : null,
    };
    people.push(person);
    return person;
  };
  for (const u of unions) for (let i = 0; i < perUnion; i++) make(u);

  // Near-duplicates for the review queue: the same worker entered twice with a mistyped ID
  // (same name and birth date), a homophone name, a family sharing one phone.
  const u0 = unions[0]!;
  const first = people.find((p) => p.orgId === u0.id && p.phoneMasked)!;
  const birth = first.birthDate.replaceAll('-', '');
  make(u0, { name: first.name, birth, seq: 777, sex: first.sex });
  make(unions[1] ?? u0, { name: '刘桂英', birth: '19680304', seq: 124, sex: 'female' });
  make(unions[1] ?? u0, { name: '刘贵英', birth: '19680304', seq: 142, sex: 'female' });
  const family = make(unions[2] ?? u0, { name: '赵红梅', birth: '19700512', phone: '13904710088', sex: 'female' });
  make(unions[2] ?? u0, { name: '赵小军', birth: '19960918', phone: '13904710088', sex: 'male' });
  void family;
  return insertDemoPeople(tx, people);
}
