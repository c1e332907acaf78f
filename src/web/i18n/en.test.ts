/**
 * Every literal UI string passed to t('…') has an English entry: the English switch must not
 * fall back to Chinese on a page someone forgot to translate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/paths.ts';
import { EN } from './en.ts';
import { EN as ORGS } from '../../modules/orgs/web/en.ts';
import { EN as AUTH } from '../../modules/auth/web/en.ts';
import { EN as POLICIES } from '../../modules/policies/web/en.ts';
import { EN as AUDIT } from '../../modules/audit/web/en.ts';
import { EN as PEOPLE } from '../../modules/people/web/en.ts';
import { EN as CAMPAIGNS } from '../../modules/campaigns/web/en.ts';
import { EN as HARDSHIP } from '../../modules/hardship/web/en.ts';

const dictionary = { ...EN, ...ORGS, ...AUTH, ...POLICIES, ...AUDIT, ...PEOPLE, ...CAMPAIGNS, ...HARDSHIP };

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('English dictionary', () => {
  it('translates every literal passed to t()', () => {
    const src = path.join(projectRoot(), 'src');
    const web = files(src).filter((f) => /[/\\]web[/\\]/.test(f) && !/en(\.test)?\.ts$/.test(f));
    const keys = new Set<string>();
    for (const f of web) for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([^']+)'/g)) keys.add(m[1]!);
    expect(keys.size).toBeGreaterThan(100);
    expect([...keys].filter((k) => !(k in dictionary))).toEqual([]);
  });
});
