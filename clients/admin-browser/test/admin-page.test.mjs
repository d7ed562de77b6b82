// The admin page in a real headless Chromium (the system's, driven by playwright-core), against a
// running gateway: sign in, find a member, preview, create, follow to completion, download,
// cancel, the auditor's read-only view, and errors shown as the API words them; and the Data &
// Export view: the whole-workspace export started, followed, downloaded and its manifest checked.
//
// Environment (set by the standalone module's AdminPageBrowserTest):
//   BASE_URL, ADMIN_KEY, AUDITOR_KEY   the gateway and two keys of the demo enterprise
//   CHROMIUM                           the browser executable
//   DOWNLOAD_DIR, SCREENSHOT_DIR       where the archive and the screenshots go
//   MEMBER_QUERY, MEMBER_NAME          a piece of a member's name, and their full name
//   DELETED_QUERY                      a piece of the name of a deleted former member
//   SESSION_TITLE, DELETED_SESSION_TITLE, SESSION_ID   one of the member's tasks, a deleted one, and the first's id
//   BIG_MEMBER_QUERY                   a member whose export runs long enough to cancel
//   MEMBER_COUNT                       how many members (current and former) the demo enterprise has
//   (the demo enterprise requires a reason for workspace exports, so a start without one is refused)
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

/** A /v2 call from the test itself (not the page), e.g. to compare what the page shows with the API. */
async function v2(operation, key, body = {}) {
  const response = await fetch(`${BASE_URL}/v2/${operation}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-API-Key": key },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  assert.equal(answer.ok, true, `${operation}: ${JSON.stringify(answer)}`);
  return answer;
}

/** Digits of a shown count ("1,234" reads 1234). */
const count = async (locator) => Number((await locator.textContent()).replace(/\D/g, ""));

async function openDataAndExport(page) {
  const link = page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Data & Export" });
  await link.click();
  await page.getByRole("heading", { level: 2, name: "Data & Export" }).waitFor();
  assert.equal(await link.getAttribute("aria-current"), "page");
  // the facts are the API's, all of them
  const { data_handling: handling } = await v2("enterprise.workspaceExport.list", env("ADMIN_KEY"));
  assert.ok(handling.summary && handling.facts.length > 0, "the API states how data is handled");
  await page.locator("#data-handling-summary").filter({ hasText: handling.summary }).waitFor();
  const facts = page.locator("#data-handling-facts dt");
  await facts.first().waitFor();
  assert.deepEqual(await facts.allTextContents(), handling.facts.map((fact) => fact.title));
  return handling;
}

/** The members the page's member search finds with an empty query, every page of them. */
async function membersFound(page) {
  await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: /^Members/ }).click();
  await page.getByLabel("Email or name").fill("");
  await page.getByRole("button", { name: "Search" }).click();
  const rows = page.locator("#member-table tbody tr");
  await rows.first().waitFor();
  const more = page.getByRole("button", { name: "Next members" });
  while (await more.isVisible()) {
    const before = await rows.count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll("#member-table tbody tr").length > n, before);
  }
  return rows.count();
}

function workspaceRow(page, id, status) {
  const selector = `#workspace-table tbody tr[data-id="${id}"]`;
  return page.locator(status ? `${selector}[data-status="WORKSPACE_EXPORT_STATUS_${status}"]` : selector);
}

/** Starts a workspace export from the page; returns its id, once the list shows it completed. */
async function startWorkspaceExport(page, reason) {
  await page.getByLabel("Reason for the workspace export").fill(reason);
  await page.getByRole("button", { name: "Start workspace export" }).click();
  const notice = page.locator("#notice").filter({ hasText: /^Workspace export \S+ started/ });
  await notice.waitFor();
  const id = /^Workspace export (\S+) started/.exec(await notice.textContent())[1];
  await workspaceRow(page, id).waitFor();
  await workspaceRow(page, id, "COMPLETED").waitFor({ timeout: COMPLETION_TIMEOUT_MS });
  return id;
}

describe("the Data & Export view", () => {
  test("an administrator starts a workspace export, follows it, downloads it and checks its coverage manifest", async () => {
    const page = await openPage();
    await signIn(page, env("ADMIN_KEY"));
    const members = await membersFound(page);
    assert.equal(members, Number(env("MEMBER_COUNT")), "the member search finds every member of the demo data");

    await openDataAndExport(page);
    assert.equal(await page.locator("#data-export-title").evaluate((h) => h === document.activeElement), true,
      "opening the view moves the focus to its heading");

    // the demo enterprise requires a reason: the API refuses, the page says why and marks the field
    await page.getByRole("button", { name: "Start workspace export" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: /^invalid_argument: reason: / });
    await refusal.waitFor();
    assert.equal(await page.getByLabel("Reason for the workspace export").getAttribute("aria-invalid"), "true");

    // started, followed while pending or running (the page polls), completed
    const id = await startWorkspaceExport(page, "browser test: workspace export");
    assert.equal(await page.getByRole("alert").isVisible(), false, "the refusal is gone");
    const row = workspaceRow(page, id, "COMPLETED");
    assert.match(await row.locator('td[data-label="Status"]').textContent(), /^completed$/);
    assert.ok(await count(row.locator('td[data-label="Rows"]')) > 0, "rows counted");
    assert.notEqual(await row.locator('td[data-label="Completed"]').textContent(), "—");
    assert.equal(await row.locator('td[data-label="Error"]').textContent(), "—");
    await page.locator("#notice").filter({ hasText: `Workspace export ${id} completed` }).waitFor();
    assert.equal(await page.locator("#workspace-following").textContent(), "", "no longer following");

    // download: the document is fetched through the page and its manifest shown
    await row.getByRole("button", { name: /^Download the workspace export of / }).click();
    await page.getByRole("heading", { level: 3, name: "Coverage manifest" }).waitFor();
    const sections = page.locator("#manifest-table tbody tr");
    const names = await sections.locator('td[data-label="Section"]').allTextContents();
    for (const name of ["enterprise", "members", "teams", "team_memberships", "projects", "api_keys", "exports", "member_data"]) {
      assert.ok(names.includes(name), `the manifest covers ${name}: ${names}`);
    }
    const membersRow = sections.filter({ has: page.locator('td[data-label="Section"]', { hasText: /^members$/ }) });
    assert.equal(await count(membersRow.locator('td[data-label="Records"]')), members,
      "the manifest counts every member of the enterprise");
    assert.match(await membersRow.locator('td[data-label="Capped"]').textContent(), /^(no|capped)$/);
    assert.match(await page.locator("#manifest-export").textContent(), new RegExp(`^${id}$`));
    assert.match(await page.locator("#manifest-sha256").textContent(), /^[0-9a-f]{64} — matches the export's record$/);
    await screenshot(page, "data-and-export");

    // the file is offered to save: the same document
    const [saved] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /^Save workspace-export-.+\.json/ }).click(),
    ]);
    assert.equal(saved.suggestedFilename(), `workspace-export-${id}.json`);
    await saved.saveAs(path.join(env("DOWNLOAD_DIR"), "workspace-export.json"));
    assert.equal(await saved.failure(), null);

    // a start while one is under way answers that one (deduped): the page must not claim a new
    // one. The worker may finish a small workspace before a second click lands, so this answer is
    // the API's deduped answer as written down, not a race.
    await page.route("**/v2/enterprise.workspaceExport.create", (route) =>
      route.fulfill({
        contentType: "application/json",
        body: JSON.stringify({ ok: true, request_id: "req_browser_test", id, status: "WORKSPACE_EXPORT_STATUS_RUNNING", deduped: true }),
      }),
    );
    await page.getByLabel("Reason for the workspace export").fill("browser test: again");
    await page.getByRole("button", { name: "Start workspace export" }).click();
    await page.locator("#notice").filter({ hasText: "A workspace export is already running" }).waitFor();
    assert.doesNotMatch(await page.locator("#notice").textContent(), /started/);
    await page.unroute("**/v2/enterprise.workspaceExport.create");

    // a link the page may not fetch (a store redirecting to its own origin is one): the error
    // says so, and the link is offered to follow directly
    await page.route("**/downloads/**", (route) => route.abort("blockedbyclient"));
    await row.getByRole("button", { name: /^Download the workspace export of / }).click();
    await page.getByRole("alert").filter({ hasText: /^unavailable: the page could not fetch the export/ }).waitFor();
    const direct = page.getByRole("link", { name: "Download the file directly" });
    assert.match(await direct.getAttribute("href"), new RegExp(`^${BASE_URL}/downloads/.*${id}`));
    assert.equal(await page.locator("#workspace-manifest").isVisible(), false, "no stale manifest");
    await page.unroute("**/downloads/**");
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  });

  test("pages through the workspace exports, and stays in the view on a reload", async () => {
    const page = await openPage();
    await signIn(page, env("ADMIN_KEY"));
    await openDataAndExport(page);
    const second = await startWorkspaceExport(page, "browser test: second workspace export");
    // one export a page, so two exports make two pages
    await page.route("**/v2/enterprise.workspaceExport.list", (route) =>
      route.continue({ postData: JSON.stringify({ ...route.request().postDataJSON(), page_size: 1 }) }),
    );
    await page.reload();
    await page.getByRole("heading", { level: 2, name: "Data & Export" }).waitFor();
    const rows = page.locator("#workspace-table tbody tr");
    await workspaceRow(page, second).waitFor();
    assert.equal(await rows.count(), 1);
    await page.getByRole("button", { name: "Older workspace exports" }).click();
    await page.waitForFunction(() => document.querySelectorAll("#workspace-table tbody tr").length === 2);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.id));
    assert.equal(ids[0], second, "newest first");
    assert.notEqual(ids[1], second);
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  });

  test("an auditor sees the facts and the exports, with no control to start or download", async () => {
    const page = await openPage();
    await signIn(page, env("AUDITOR_KEY"));
    await page.getByText("auditor (read only)").waitFor();
    await openDataAndExport(page);
    const rows = page.locator("#workspace-table tbody tr");
    await rows.first().waitFor();
    assert.ok(await rows.filter({ hasText: "completed" }).count() > 0, "the completed exports are listed");
    assert.equal(await page.getByRole("button", { name: "Start workspace export" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: /Download/ }).count(), 0);
    assert.equal(await page.getByLabel("Reason for the workspace export").count(), 0);
    assert.equal(await page.locator("#workspace-manifest, #workspace-save").count(), 0);
    assert.equal(await page.locator("#workspace-table thead th").count(), 6, "no action column");
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  });

  test("is reached by keyboard and fits a narrow screen", async () => {
    const page = await openPage({ width: 360, height: 780 });
    await signIn(page, env("ADMIN_KEY"));
    // from the search field, the view's link is one step back
    await page.keyboard.press("Shift+Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Data & Export");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 2, name: "Data & Export" }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), "data-export-title");
    const download = page.getByRole("button", { name: /^Download the workspace export of / }).first();
    await download.focus();
    await page.keyboard.press("Enter");
    await page.locator("#manifest-table tbody tr").first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const tooWide = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest(".table-wrap"))
        .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`),
    );
    assert.ok(overflow <= 0, `no sideways scrolling of the page (${overflow}px): ${tooWide.join(", ")}`);
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  });
});
