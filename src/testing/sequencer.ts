/**
 * Vitest's order (longest first when it knows the last run's times, else largest file first), with
 * the browser tests' long walks over every page started first: two workers take the files in turn,
 * and a four-minute walk started last would leave the other worker idle for its length.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONG_WALKS = [/i18n-walk\.e2e\.ts$/, /portal-a11y\.e2e\.ts$/];

export default class LongWalksFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const long = (f: TestSpecification) => (LONG_WALKS.some((re) => re.test(f.moduleId)) ? 1 : 0);
    const at = new Map(sorted.map((f, i) => [f, i]));
    // Within a project only: the projects keep their places (and their groups) in Vitest's order.
    return [...sorted].sort((a, b) => (a.project.name === b.project.name ? long(b) - long(a) : 0) || at.get(a)! - at.get(b)!);
  }
}
