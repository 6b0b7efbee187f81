import { expect } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { screenshot, seriousA11yViolations, signIn } from './browser-hub.js';

// Callbacks given to page.evaluate run in the browser; the root tsconfig has no DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

/** Signs in and waits until the app shows the signed-in header. */
export async function signInAs(page: Page, baseUrl: string, email: string): Promise<void> {
  await signIn(page, baseUrl, email);
  await page.getByTestId('header-user').waitFor();
}

/** Waits until no "Loading…" message is on the page and a heading is shown. */
export async function settled(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page.waitForFunction(() => document.querySelector('.app-loading') === null);
}

/** Loads an app path in this tab (the session is kept in the tab) and waits for it to settle; a screenshot when it does not. */
export async function open(page: Page, baseUrl: string, path: string): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  try {
    await page.getByTestId('header-user').waitFor();
    await settled(page);
  } catch (err) {
    await screenshot(page, `failed-open-${path.replace(/[^a-z0-9]+/gi, '-')}`);
    throw err;
  }
}

/** axe-core finds no serious or critical problem on the page; the name says which page failed. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
}

/** Settles, saves a screenshot and checks accessibility. */
export async function capture(page: Page, name: string): Promise<void> {
  await settled(page);
  await screenshot(page, name);
  await expectAccessible(page, name);
}

/** True when the element has the keyboard focus. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement);
}

/** Presses Tab (or Shift+Tab) until `target` has focus; fails after `limit` presses. */
export async function tabTo(page: Page, target: Locator, { limit = 60, backwards = false } = {}): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  if (!(await isFocused(target))) throw new Error(`Tabbed ${limit} times without reaching ${target.toString()}`);
}

/** The text of each row of a table body (shown or inside a closed details), cells joined by " | ". */
export async function tableRows(table: Locator): Promise<string[]> {
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r: any) => Array.from(r.cells as any[]).map((c: any) => (c.textContent as string).replace(/\s+/g, ' ').trim()).join(' | ')));
}

/** Fills a GOV.UK date input (day, month and year boxes in a fieldset named `legend`) from YYYY-MM-DD. */
export async function fillDate(page: Page, legend: string, iso: string): Promise<void> {
  const group = page.getByRole('group', { name: legend });
  const [year, month, day] = iso.split('-');
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year);
}
