// The admin page in a real headless Chromium (the system's, driven by playwright-core), against a
// running gateway: sign in, find a member, preview, create, follow to completion, download,
// cancel, the auditor's read-only view, and errors shown as the API words them.
//
// Environment (set by the standalone module's AdminPageBrowserTest):
//   BASE_URL, ADMIN_KEY, AUDITOR_KEY   the gateway and two keys of the demo enterprise
//   CHROMIUM                           the browser executable
//   DOWNLOAD_DIR, SCREENSHOT_DIR       where the archive and the screenshots go
//   MEMBER_QUERY, MEMBER_NAME          a piece of a member's name, and their full name
//   DELETED_QUERY                      a piece of the name of a deleted former member
//   SESSION_TITLE, DELETED_SESSION_TITLE, SESSION_ID   one of the member's tasks, a deleted one, and the first's id
//   BIG_MEMBER_QUERY                   a member whose export runs long enough to cancel
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { chromium } from "playwright-core";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} in the environment`);
  return value;
};
const BASE_URL = env("BASE_URL");
const COMPLETION_TIMEOUT_MS = 60_000;

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: env("CHROMIUM"),
    // CI runs as root, where Chromium's sandbox cannot start.
    args: ["--no-sandbox"],
  });
});

after(async () => {
  await browser?.close();
});

/**
 * A fresh tab (own sessionStorage) at the admin page. It collects console errors (a CSP refusal is
 * one) and failed loads of anything but the API, whose refusals the page shows and tests check.
 */
async function openPage(viewport = { width: 1200, height: 900 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on("console", (message) => {
    // a failed load is reported by URL below
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      page.consoleErrors.push(message.text());
    }
  });
  page.on("response", (response) => {
    if (response.status() >= 400 && !new URL(response.url()).pathname.startsWith("/v2/")) {
      page.consoleErrors.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on("pageerror", (error) => page.consoleErrors.push(String(error)));
  await page.goto(`${BASE_URL}/admin`);
  return page;
}

async function signIn(page, key) {
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

async function findAndOpen(page, query, name) {
  await page.getByLabel("Email or name").fill(query);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("button", { name: `Open ${name}` }).click();
  await page.getByRole("heading", { level: 2, name: new RegExp(`^${name}`) }).waitFor();
}

function screenshot(page, name) {
  return page.screenshot({ path: path.join(env("SCREENSHOT_DIR"), `${name}.png`), fullPage: true });
}

describe("the admin page", () => {
  test("is served with a policy that allows no inline script, and keeps the key out of URLs and cookies", async () => {
    const response = await fetch(`${BASE_URL}/admin`);
    assert.equal(response.status, 200);
    const csp = response.headers.get("content-security-policy");
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);

    const page = await openPage();
    await screenshot(page, "sign-in");
    await signIn(page, env("ADMIN_KEY"));
    const context = page.context();
    assert.deepEqual(await context.cookies(), [], "no cookie at all");
    assert.ok(!page.url().includes(env("ADMIN_KEY")), "the key is not in the URL");
    assert.equal(await page.evaluate(() => localStorage.length), 0, "nothing in localStorage");
    // a reload keeps the tab signed in (sessionStorage); signing out forgets the key
    await page.reload();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.deepEqual(page.consoleErrors, []);
    await context.close();
  });

  test("a wrong key is refused with the API's message", async () => {
    const page = await openPage();
    await page.getByLabel("API key").fill("dex_nope_nope");
    await page.getByRole("button", { name: "Sign in" }).click();
    await assert.doesNotReject(page.getByRole("alert").filter({ hasText: "unauthenticated" }).waitFor());
    assert.equal(await page.getByRole("button", { name: "Sign out" }).count(), 0);
    await page.context().close();
  });

  test("an administrator finds a member, previews, picks a session, exports it, follows it and downloads it", async () => {
    const page = await openPage();
    await signIn(page, env("ADMIN_KEY"));

    // a deleted former member is found too
    await page.getByLabel("Email or name").fill(env("DELETED_QUERY"));
    await page.getByRole("button", { name: "Search" }).click();
    const deletedRow = page.locator("#member-table tbody tr");
    await deletedRow.filter({ hasText: "deleted account" }).waitFor();
    assert.match(await deletedRow.textContent(), /left /);
    await screenshot(page, "member-search");

    await findAndOpen(page, env("MEMBER_QUERY"), env("MEMBER_NAME"));

    // preview: deleted tasks only when asked for
    await page.getByRole("button", { name: "Preview" }).click();
    const tasks = page.locator("#task-table tbody tr");
    await tasks.filter({ hasText: env("SESSION_TITLE") }).waitFor();
    assert.equal(await tasks.filter({ hasText: env("DELETED_SESSION_TITLE") }).count(), 0);
    await page.getByLabel("Include deleted tasks").check();
    await page.getByRole("button", { name: "Preview" }).click();
    await tasks.filter({ hasText: env("DELETED_SESSION_TITLE") }).waitFor();
    // a time filter after every task leaves none
    await page.getByLabel("Created from", { exact: true }).fill("2099-01-01T00:00:00");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByText("No tasks in this range.").waitFor();
    await page.getByLabel("Created from", { exact: true }).fill("");
    await page.getByRole("button", { name: "Preview" }).click();
    await tasks.filter({ hasText: env("SESSION_TITLE") }).waitFor();

    await page.getByRole("checkbox", { name: `Pick ${env("SESSION_TITLE")} for a custom export` }).check();
    assert.equal(await page.getByLabel("Scope").inputValue(), "ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS");
    assert.equal(await page.getByLabel("Session ids").inputValue(), env("SESSION_ID"));
    await screenshot(page, "task-preview");

    // the form requires a reason before anything is sent
    await page.getByRole("button", { name: "Create export" }).click();
    await page.getByRole("alert").filter({ hasText: "reason: is required" }).waitFor();
    assert.equal(await page.getByLabel("Reason (required)").getAttribute("aria-invalid"), "true");

    await page.getByLabel("Reason (required)").fill("browser test: custom export");
    await page.getByRole("button", { name: "Create export" }).click();
    await page.locator("#export-status").filter({ hasText: /^(pending|processing|completed)$/ }).waitFor();
    await page.locator("#export-status").filter({ hasText: /^completed$/ }).waitFor({ timeout: COMPLETION_TIMEOUT_MS });
    const sections = await page.locator("#export-sections").textContent();
    const [done, total] = sections.split(" of ").map(Number);
    assert.ok(total > 0 && done === total, `all sections written: ${sections}`);
    assert.ok(Number(await page.locator("#export-records").textContent()) > 0, "records written");
    assert.match(await page.locator("#export-bytes").textContent(), /[1-9]/);
    assert.equal(await page.locator("#export-attempt").textContent(), "1");
    // the history shows it, and its status filter narrows
    const history = page.locator("#history-table tbody tr");
    await history.filter({ hasText: "browser test: custom export" }).waitFor();
    await screenshot(page, "export-completed");
    await page.getByLabel("Status", { exact: true }).selectOption("EXPORT_STATUS_FAILED");
    await page.getByRole("button", { name: "Show" }).click();
    await page.getByText("No exports.").waitFor();
    await page.getByLabel("Status", { exact: true }).selectOption("EXPORT_STATUS_COMPLETED");
    await page.getByRole("button", { name: "Show" }).click();
    await history.filter({ hasText: "browser test: custom export" }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download archive" }).click(),
    ]);
    await download.saveAs(path.join(env("DOWNLOAD_DIR"), "custom-export.zip"));
    assert.equal(await download.failure(), null);
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  });

  test("a bad request shows the field and the rule, and marks the field", async () => {
    const page = await openPage();
    await signIn(page, env("ADMIN_KEY"));
    await findAndOpen(page, env("MEMBER_QUERY"), env("MEMBER_NAME"));
    await page.getByLabel("Data created from").fill("2026-02-01T00:00:00");
    await page.getByLabel("Data created until").fill("2026-01-01T00:00:00");
    await page.getByLabel("Reason (required)").fill("browser test: bad range");
    await page.getByRole("button", { name: "Create export" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "start_time: must not be after end_time" });
    await alert.waitFor();
    assert.match(await alert.textContent(), /^invalid_argument: /);
    assert.equal(await page.getByLabel("Data created from").getAttribute("aria-invalid"), "true");
    await screenshot(page, "error");
    await page.context().close();
  });

  test("an administrator cancels a running export", async () => {
    const page = await openPage();
    await signIn(page, env("ADMIN_KEY"));
    await page.getByLabel("Email or name").fill(env("BIG_MEMBER_QUERY"));
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator("#member-table tbody tr button").first().click();
    await page.getByLabel("Reason (required)").fill("browser test: cancel");
    await page.getByRole("button", { name: "Create export" }).click();
    await page.getByRole("button", { name: "Cancel export" }).click();
    await page.locator("#export-status").filter({ hasText: /^cancelled$/ }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Cancel export" }).isVisible(), false);
    assert.equal(await page.getByRole("button", { name: "Download archive" }).isVisible(), false);
    await page.locator("#history-table tbody tr").filter({ hasText: "cancelled" }).waitFor();
    await page.context().close();
  });

  test("an auditor sees members, tasks and exports, with no control to create, cancel or download", async () => {
    const page = await openPage();
    await signIn(page, env("AUDITOR_KEY"));
    await page.getByText("auditor (read only)").waitFor();
    await findAndOpen(page, env("MEMBER_QUERY"), env("MEMBER_NAME"));
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#task-table tbody tr").filter({ hasText: env("SESSION_TITLE") }).waitFor();
    const history = page.locator("#history-table tbody tr");
    await history.filter({ hasText: "browser test: custom export" }).waitFor();
    await history.filter({ hasText: "browser test: custom export" }).getByRole("button").click();
    await page.locator("#export-status").filter({ hasText: /^completed$/ }).waitFor();
    for (const name of ["Create export", "Cancel export", "Download archive"]) {
      assert.equal(await page.getByRole("button", { name }).count(), 0, `no ${name} control`);
    }
    assert.equal(await page.getByLabel("Scope").count(), 0);
    await screenshot(page, "auditor");
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  });

  test("works on a narrow screen and by keyboard alone", async () => {
    const page = await openPage({ width: 360, height: 780 });
    await page.getByLabel("API key").focus();
    await page.keyboard.type(env("ADMIN_KEY"));
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    // after sign-in the focus is in the search field: type and press Enter
    await page.keyboard.type(env("MEMBER_QUERY"));
    await page.keyboard.press("Enter");
    const open = page.getByRole("button", { name: `Open ${env("MEMBER_NAME")}` });
    await open.waitFor();
    await open.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 2, name: new RegExp(`^${env("MEMBER_NAME")}`) }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const tooWide = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest(".table-wrap"))
        .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`),
    );
    assert.ok(overflow <= 0, `no sideways scrolling of the page (${overflow}px): ${tooWide.join(", ")}`);
    await screenshot(page, "narrow");
    await page.context().close();
  });
});
