// The Data & Export view: the whole-workspace export (enterprise.workspaceExport.*). How this
// deployment handles the data, the workspace's exports (paged, followed while one is pending or
// running), starting one, and downloading one: the JSON document is fetched through the page over
// its signed link, its coverage manifest shown as a table, and the file offered to save.
import { ApiError } from "./api.js";
import { $, el, attempt, format, notify, showError } from "./ui.js";

const ACTIVE = ["WORKSPACE_EXPORT_STATUS_PENDING", "WORKSPACE_EXPORT_STATUS_RUNNING"];
const COMPLETED = "WORKSPACE_EXPORT_STATUS_COMPLETED";
const FAILED = "WORKSPACE_EXPORT_STATUS_FAILED";
const PAGE_SIZE = 20;
const POLL_MS = 1000;

/** How the gateway's download links refuse, in the words the API uses for the same refusals. */
const LINK_REFUSALS = {
  403: ["permission_denied", "the download link is not valid or has expired; press Download again for a fresh one"],
  404: ["not_found", "the archive is no longer there"],
  429: ["resource_exhausted", "too many download attempts from this address; wait a moment and try again"],
  503: ["unavailable", "downloads are paused while the audit trail cannot be written; try again later"],
};

export function workspaceExportView(state) {
  const body = $("#workspace-table tbody");
  const following = $("#workspace-following");
  let nextToken = "";
  let timer = null;
  let saveUrl = null;

  function list(pageToken) {
    return state.api.call("enterprise.workspaceExport.list", { page_size: PAGE_SIZE, page_token: pageToken });
  }

  /** The first page (with the data-handling facts), or the next one appended. */
  async function load(append) {
    const answer = await attempt(() => list(append ? nextToken : ""));
    if (!answer) return;
    if (!append) {
      showDataHandling(answer.data_handling);
      body.replaceChildren();
    }
    for (const job of answer.jobs ?? []) body.append(row(job));
    nextToken = answer.next_page_token ?? "";
    $("#workspace-more").hidden = !nextToken;
    settle();
  }

  /**
   * Polls the first page while an export on it is pending or running: changed rows are replaced,
   * new ones go on top, and older pages already shown stay. A poll never clears an error shown for
   * something else; a failed poll shows its own and stops following.
   */
  async function poll() {
    timer = null;
    let answer;
    try {
      answer = await list("");
    } catch (error) {
      showError(error);
      following.textContent = "Stopped following the running export; open Data & Export again to resume.";
      return;
    }
    const before = new Map([...body.rows].map((tr) => [tr.dataset.id, tr.dataset.status]));
    for (const job of [...(answer.jobs ?? [])].reverse()) {
      const shown = body.querySelector(`tr[data-id="${CSS.escape(job.id)}"]`);
      if (!shown) body.prepend(row(job));
      else if (shown.dataset.job !== JSON.stringify(job)) shown.replaceWith(row(job));
      if (ACTIVE.includes(before.get(job.id)) && !ACTIVE.includes(job.status)) announce(job);
    }
    settle();
  }

  function announce(job) {
    if (job.status === COMPLETED) {
      notify(`Workspace export ${job.id} completed: ${format.count(job.row_count)} records.`
        + (state.mayExport ? " Download it from the list." : ""));
    } else if (job.status === FAILED) {
      notify(`Workspace export ${job.id} failed: ${job.error || "no reason recorded"}.`);
    }
  }

  /** Shows the table or the empty note, and keeps polling while anything shown is under way. */
  function settle() {
    $("#workspace-table").hidden = body.rows.length === 0;
    $("#workspace-empty").hidden = body.rows.length > 0;
    const active = [...body.rows].filter((tr) => ACTIVE.includes(tr.dataset.status));
    const text = active.length
      ? `A workspace export is ${format.status(active[0].dataset.status)}; this list updates every second.`
      : "";
    if (following.textContent !== text) following.textContent = text;
    clearTimeout(timer);
    timer = active.length ? setTimeout(poll, POLL_MS) : null;
  }

  function showDataHandling(handling) {
    $("#data-handling-summary").textContent = handling?.summary || "";
    const facts = $("#data-handling-facts");
    facts.replaceChildren();
    for (const fact of handling?.facts ?? []) {
      facts.append(el("dt", {}, fact.title), el("dd", {}, fact.detail));
    }
  }

  function row(job) {
    const completed = job.status === COMPLETED;
    const cells = [
      el("td", { "data-label": "Created" }, format.time(job.created_at)),
      el("td", { "data-label": "Status" }, el("span", { class: `badge ${format.status(job.status)}` }, format.status(job.status))),
      el("td", { "data-label": "Rows", class: "number" }, completed ? format.count(job.row_count) : "—"),
      el("td", { "data-label": "Completed" }, format.time(job.completed_at)),
      el("td", { "data-label": "Size", class: "number" }, completed && job.archive_size_bytes ? format.bytes(job.archive_size_bytes) : "—"),
      el("td", { "data-label": "Error" }, job.error || "—"),
    ];
    // Only a key that may download has the column; an auditor's page has no such control.
    if (state.mayExport) {
      const action = el("td", {});
      if (completed) {
        const button = el("button", {
          type: "button",
          class: "secondary",
          "aria-label": `Download the workspace export of ${format.time(job.created_at)}`,
        }, "Download");
        button.addEventListener("click", () => download(job, button));
        action.append(button);
      }
      cells.push(action);
    }
    return el("tr", { "data-id": job.id, "data-status": job.status, "data-job": JSON.stringify(job) }, ...cells);
  }

  /** A fresh signed link, the document fetched over it, its manifest shown and the file offered. */
  async function download(job, button) {
    button.disabled = true;
    try {
      const link = await attempt(() => state.api.call("enterprise.workspaceExport.downloadUrl", { id: job.id }));
      if (!link) return;
      $("#workspace-direct").hidden = true;
      $("#workspace-manifest").hidden = true;
      const blob = await attempt(() => fetchDocument(link.url));
      if (!blob) return;
      const manifest = await attempt(async () => readManifest(await blob.text()));
      if (!manifest) return;
      await showManifest(job, manifest, blob);
    } finally {
      button.disabled = false;
    }
  }

  async function fetchDocument(url) {
    let response;
    try {
      // The link is signed and short-lived: it needs no API key, and none is sent with it.
      response = await fetch(url, { credentials: "omit", cache: "no-store" });
    } catch (e) {
      // Refused before any answer: the service is out of reach, or the link led (redirected) to
      // another origin, which the page's policy does not let it fetch. The link itself still works.
      $("#workspace-direct-link").href = url;
      $("#workspace-direct").hidden = false;
      throw new ApiError("unavailable", "the page could not fetch the export over its link; try Download again, or download the file directly", null);
    }
    if (!response.ok) {
      const [code, message] = LINK_REFUSALS[response.status] ?? ["unknown", `the download link answered HTTP ${response.status}`];
      throw new ApiError(code, message, null);
    }
    return response.blob();
  }

  function readManifest(text) {
    let archive;
    try {
      archive = JSON.parse(text);
    } catch (e) {
      throw new ApiError("internal", "the downloaded export is not a JSON document", null);
    }
    const manifest = archive?.manifest;
    if (!manifest || !Array.isArray(manifest.sections)) {
      throw new ApiError("internal", "the downloaded export does not lead with a coverage manifest", null);
    }
    return manifest;
  }

  async function showManifest(job, manifest, blob) {
    $("#manifest-export").textContent =
      manifest.exportId && manifest.exportId !== job.id ? `${job.id} (the manifest names ${manifest.exportId})` : job.id;
    $("#manifest-generated").textContent = format.time(manifest.generatedAt);
    $("#manifest-size").textContent = format.bytes(blob.size);
    $("#manifest-sha256").textContent = await digestCheck(job, blob);
    const sections = manifest.sections;
    const total = sections.reduce((sum, section) => sum + Number(section.recordCount ?? 0), 0);
    $("#manifest-total").textContent = `${format.count(total)} in ${sections.length} sections`;
    $("#manifest-table tbody").replaceChildren(
      ...sections.map((section) =>
        el(
          "tr",
          { "data-section": section.name },
          el("td", { "data-label": "Section" }, section.name),
          el("td", { "data-label": "Records", class: "number" }, format.count(section.recordCount)),
          el("td", { "data-label": "Capped" }, section.capped
            ? el("span", { class: "badge former" }, section.leftOut ? `capped: ${format.count(section.leftOut)} left out` : "capped")
            : "no"),
        ),
      ),
    );
    const capped = sections.filter((section) => section.capped).map((section) => section.name);
    $("#manifest-capped").hidden = capped.length === 0;
    $("#manifest-capped").textContent =
      `Capped: ${capped.join(", ")} — large sections are capped to keep the export manageable; these hold only part of their records.`;
    const excluded = Array.isArray(manifest.excluded) ? manifest.excluded : [];
    $("#manifest-excluded").hidden = excluded.length === 0;
    $("#manifest-excluded ul").replaceChildren(...excluded.map((what) => el("li", {}, what)));
    if (saveUrl) URL.revokeObjectURL(saveUrl);
    saveUrl = URL.createObjectURL(new Blob([blob], { type: "application/json" }));
    const save = $("#workspace-save");
    save.href = saveUrl;
    save.download = `workspace-export-${job.id}.json`;
    save.textContent = `Save workspace-export-${job.id}.json (${format.bytes(blob.size)})`;
    $("#workspace-manifest").hidden = false;
    notify(`Workspace export ${job.id} downloaded: ${sections.length} sections, ${format.count(total)} records.`);
    $("#workspace-manifest-title").focus();
  }

  /** Whether the bytes fetched are the ones the export recorded (where the browser can hash). */
  async function digestCheck(job, blob) {
    const expected = (job.archive_sha256 || "").toLowerCase();
    if (!expected) return "not recorded";
    if (!globalThis.crypto?.subtle) return `${expected} (this browser cannot check it here)`;
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
    const actual = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
    return actual === expected ? `${actual} — matches the export's record` : `${actual} — does NOT match the export's record ${expected}`;
  }

  function startForm() {
    const form = $("#workspace-export-form");
    const submit = form.querySelector('button[type="submit"]');
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const reason = $("#workspace-reason").value.trim();
      submit.disabled = true;
      const answer = await attempt(
        () => state.api.call("enterprise.workspaceExport.create", reason ? { reason } : {}),
        form,
      );
      submit.disabled = false;
      if (!answer) return;
      if (answer.deduped) {
        // Nothing new started: the one already under way is the answer.
        notify(`A workspace export is already running (${format.status(answer.status)}); following it instead of starting another.`);
      } else {
        notify(`Workspace export ${answer.id} started; this list follows it.`);
        form.reset();
      }
      await load(false);
    });
  }

  if (state.mayExport) startForm();
  $("#workspace-more").addEventListener("click", () => load(true));

  return {
    /** Opening the view shows the newest page again. */
    shown: () => load(false),
  };
}
