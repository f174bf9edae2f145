import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run where missing): no browser is downloaded (ADR 0016). */
export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const screenshots = resolve(__dirname, '../../../reports/screenshots');

export function launch(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
}

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 390, height: 844 };

/** A browser context of its own (a tab with its own session), desktop-sized, English browser. */
export function person(browser: Browser, viewport = desktop): Promise<BrowserContext> {
  return browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Asia/Tokyo', acceptDownloads: true });
}

/** Logs in on the dev login screen as the person whose id is shown on the button. */
export async function logInAs(page: Page, id: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`\\(${id}\\)`) }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/app/login'));
}

/**
 * Reloads until `check` passes: the views follow the event log a moment after each command. A
 * minute: on CI's two cores beside the fault and import suites, a reload alone can take seconds
 * (25 s once ran out there).
 */
export async function untilShown(page: Page, check: () => Promise<void>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.waitForTimeout(300);
      await page.reload();
    }
  }
}

/** axe-core's violations that are serious or critical, as "rule: target" lines; of the elements `within` selects only, when given. */
export async function seriousViolations(page: Page, within: readonly string[] = []): Promise<string[]> {
  const { violations } = await within.reduce((builder, selector) => builder.include(selector), new AxeBuilder({ page })).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/** The screen at desktop and phone sizes (or those given), into reports/screenshots/ (not committed). */
export async function shoot(page: Page, name: string, viewports: readonly (typeof desktop)[] = [desktop, phone]): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  const size = page.viewportSize() ?? desktop;
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: resolve(screenshots, `${name}-${viewport === phone ? 'phone' : 'desktop'}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}

/** Types a calendar day (YYYY-MM-DD) into the app's date field labelled `label`, segment by segment, whatever the language's order. */
export async function fillDate(scope: Page | Locator, label: string, isoDate: string): Promise<void> {
  const [year, month, day] = isoDate.split('-') as [string, string, string];
  const field = scope.getByRole('group', { name: label, exact: true });
  for (const [type, value] of [['day', day], ['month', month], ['year', year]] as const) {
    await field.locator(`[data-type="${type}"]`).click();
    await field.locator(`[data-type="${type}"]`).pressSequentially(value);
  }
}

/** The date field's text as a person reads it (without the direction marks around it). */
export const dateFieldText = async (scope: Page | Locator, label: string) =>
  (await scope.getByRole('group', { name: label, exact: true }).innerText()).replace(/[\u2066-\u2069\u200e\u200f\s]/g, '');

/**
 * Picks a person in the app's combo box labelled `label` as a person would (issue 11): types
 * `typed` (part of a name, or 12 digits), waits for the option named `name` in the list, clicks it;
 * returns what the field shows then.
 */
export async function pickByName(page: Page, label: string, typed: string, name: string): Promise<string> {
  const field = page.getByRole('combobox', { name: label, exact: true });
  await field.fill(typed);
  await page.getByRole('option', { name, exact: true }).click({ timeout: 15_000 });
  return field.inputValue();
}
