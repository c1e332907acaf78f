/**
 * Run around every browser test: the test fails when a page threw an error while it ran (an
 * exception or a rejected promise of the app's own code), even if what it checked looked right.
 */
import { afterEach, expect } from 'vitest';
import { takePageErrors } from './browser.ts';

afterEach(() => {
  expect(takePageErrors(), 'errors the pages threw during the test').toEqual([]);
});
