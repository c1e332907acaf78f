/**
 * The audit page shows every entry's action and record type by its label, in all three languages,
 * never the code a module wrote (`campaign.allocate`, `hardship_case`). This reads every
 * `recordAudit` call of every module and checks that its action and entity have a label; an
 * action built from a value (`campaign.${input.action}`) is expanded over the values it can take.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/paths.ts';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from './audit.contract.ts';
import { TRANSITIONS, QUOTA_RULES } from '../campaigns/campaigns.contract.ts';
import { CASE_ACTIONS } from '../hardship/hardship.contract.ts';
import { EVENT_TRANSITIONS } from '../events/events.contract.ts';
import { EN } from './web/en.ts';
import { lookupFor } from '../../web/i18n/dictionaries.ts';

/** The values each computed action can take; a new computed action must be added here. */
const EXPANSIONS: Record<string, readonly string[]> = {
  'campaign.${input.action}': TRANSITIONS.map((a) => `campaign.${a}`),
  'campaign.${input.kind}': ['campaign.add', 'campaign.exclude'],
  'campaign.quota_${row.quotaRule}': QUOTA_RULES.map((r) => `campaign.quota_${r}`),
  'hardship.${input.action}': CASE_ACTIONS.map((a) => `hardship.${a}`),
  'event.${input.action}': EVENT_TRANSITIONS.map((a) => `event.${a}`),
};

/** Actions a helper is handed by its callers (`action: spec.action`), by file: the values its callers pass. */
const PASSED_IN: Record<string, readonly string[]> = {
  'mutualaid/claims.service.ts: spec.action': [
    'mutualaid.claim_review',
    'mutualaid.claim_recheck',
    'mutualaid.claim_approve',
    'mutualaid.claim_reject',
    'mutualaid.claim_appeal',
  ],
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'web' || e.name === 'e2e' ? [] : sources(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

function written(): { actions: Map<string, string>; entities: Map<string, string>; unknown: string[] } {
  const actions = new Map<string, string>();
  const entities = new Map<string, string>();
  const unknown: string[] = [];
  const root = path.join(projectRoot(), 'src', 'modules');
  for (const file of sources(root)) {
    const text = fs.readFileSync(file, 'utf8');
    const where = path.relative(root, file);
    for (const m of text.matchAll(/recordAudit\([\s\S]*?action:\s*((?:`[^`]*`|'[^']*'|[^,\n'`])+)[\s\S]*?entity:\s*'([a-z_]+)'/g)) {
      const expr = m[1]!.trim();
      entities.set(m[2]!, where);
      const template = /^`([^`]+)`$/.exec(expr);
      if (template) {
        const values = EXPANSIONS[template[1]!];
        if (values) for (const v of values) actions.set(v, where);
        else unknown.push(`${where}: ${expr}`);
        continue;
      }
      const passed = PASSED_IN[`${where}: ${expr}`];
      if (passed) {
        for (const v of passed) actions.set(v, where);
        continue;
      }
      const literals = [...expr.matchAll(/'([^']+)'/g)].map((l) => l[1]!);
      if (!literals.length) unknown.push(`${where}: ${expr}`);
      for (const l of literals) actions.set(l, where);
    }
  }
  return { actions, entities, unknown };
}

describe('audit labels', () => {
  const { actions, entities, unknown } = written();

  it('finds the actions the modules write', () => {
    expect(unknown).toEqual([]);
    expect(actions.size).toBeGreaterThan(40);
    expect(actions.has('campaign.allocate')).toBe(true);
  });

  it('has a label, and its English, for every action and record type a module writes', () => {
    const missing = [...actions].filter(([a]) => !(a in AUDIT_ACTION_LABELS)).map(([a, f]) => `${f}: action ${a}`);
    missing.push(...[...entities].filter(([e]) => !(e in AUDIT_ENTITY_LABELS)).map(([e, f]) => `${f}: entity ${e}`));
    expect(missing).toEqual([]);
    const english = lookupFor(EN);
    const labels = [...Object.values(AUDIT_ACTION_LABELS), ...Object.values(AUDIT_ENTITY_LABELS), '启用', '停用', '其他操作', '其他对象'];
    expect(labels.filter((zh) => english(zh) === undefined)).toEqual([]);
  });
});
