/**
 * The judging rule of 技能竞赛, on scores in tenths of a point (integers, so comparisons are exact):
 * - 最后得分: with at least 3 scores, one highest and one lowest are dropped and the rest averaged;
 *   with 1 or 2 scores (too few to drop any) all of them are averaged.
 * - 评分分歧: highest − lowest above the threshold (two or more scores).
 * - Ranking: higher 最后得分 first; equal, higher mean of all scores (the dropped ones count again);
 *   still equal, a tie sharing the rank (1, 2, 2, 4). Entries nobody scored have no rank.
 */

export interface Standing {
  entryId: number;
  count: number;
  /** Sum and count of the scores the result averages (after dropping). */
  keptSum: number;
  keptCount: number;
  sum: number;
  highest: number | null;
  lowest: number | null;
  flagged: boolean;
  rank: number | null;
}

export function standingOf(entryId: number, tenths: readonly number[], spreadTenths: number): Omit<Standing, 'rank'> {
  const sorted = [...tenths].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  const kept = sorted.length >= 3 ? sorted.slice(1, -1) : sorted;
  const highest = sorted.length ? sorted[sorted.length - 1]! : null;
  const lowest = sorted.length ? sorted[0]! : null;
  return {
    entryId,
    count: sorted.length,
    keptSum: kept.reduce((s, v) => s + v, 0),
    keptCount: kept.length,
    sum,
    highest,
    lowest,
    flagged: sorted.length >= 2 && highest! - lowest! > spreadTenths,
  };
}

/** Negative when `a` ranks before `b`, 0 for a tie. Fractions compared by cross-multiplying. */
function compare(a: Omit<Standing, 'rank'>, b: Omit<Standing, 'rank'>): number {
  const byResult = b.keptSum * a.keptCount - a.keptSum * b.keptCount;
  if (byResult !== 0) return byResult;
  return b.sum * a.count - a.sum * b.count;
}

/** Ranks the standings of one round and trade: scored entries by the rule above, unscored ones after, unranked. */
export function rankStandings(list: readonly Omit<Standing, 'rank'>[]): Standing[] {
  const scored = list.filter((s) => s.count > 0).sort((a, b) => compare(a, b) || a.entryId - b.entryId);
  const ranked: Standing[] = [];
  scored.forEach((s, i) => {
    const prev = ranked[i - 1];
    ranked.push({ ...s, rank: prev && compare(prev, s) === 0 ? prev.rank : i + 1 });
  });
  const unscored = list.filter((s) => s.count === 0).sort((a, b) => a.entryId - b.entryId);
  return [...ranked, ...unscored.map((s) => ({ ...s, rank: null }))];
}

/** Points with up to two decimals, from a sum of tenths over a count. */
export function points(sumTenths: number, count: number): number | null {
  return count ? Math.round((sumTenths / count) * 10) / 100 : null;
}

/** The prize of a rank by the trade's ranges (ranks 1..first 一等奖, then second 二等奖 …), or null. */
export function prizeOf(rank: number, p: { firstPrizes: number; secondPrizes: number; thirdPrizes: number; meritPrizes: number }) {
  let upTo = p.firstPrizes;
  if (rank <= upTo) return 'first' as const;
  upTo += p.secondPrizes;
  if (rank <= upTo) return 'second' as const;
  upTo += p.thirdPrizes;
  if (rank <= upTo) return 'third' as const;
  upTo += p.meritPrizes;
  if (rank <= upTo) return 'merit' as const;
  return null;
}
