// Creating an export, following it live, cancelling and downloading it, and the member's history.
import { $, el, attempt, format, notify, rfc3339, ids } from "./ui.js";

const RUNNING = ["EXPORT_STATUS_PENDING", "EXPORT_STATUS_PROCESSING"];
const POLL_MS = 1000;

export function exportsView(state) {
  const panel = exportPanel(state, () => history.reload());
  const history = exportHistory(state, (uid) => panel.show(uid));
  if (state.mayExport) createForm(state, (uid) => {
    panel.show(uid);
    history.reload();
  });
  return {
    reset() {
      panel.hide();
      history.reset();
    },
  };
}

function createForm(state, onCreated) {
  const form = $("#create-form");
  const scope = $("#scope");
  const showScopeFields = () =>
    form.querySelectorAll("[data-scope]").forEach((field) => {
      field.hidden = field.dataset.scope !== scope.value;
    });
  scope.addEventListener("change", showScopeFields);
  showScopeFields();
  // The same request sent again after a lost answer keeps its Idempotency-Key, so it cannot
  // start a second export; any change to the form makes it a new request with a new key.
  let idempotencyKey = null;
  form.addEventListener("input", () => {
    idempotencyKey = null;
  });
  const submit = form.querySelector('button[type="submit"]');

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const reason = $("#reason");
    if (!reason.value.trim()) {
      // The form asks for a reason even where the enterprise's policy does not.
      reason.setAttribute("aria-invalid", "true");
      $("#error").textContent = "reason: is required by this form; say why the export is made";
      $("#error").hidden = false;
      reason.focus();
      return;
    }
    const request = {
      user_id: state.member.user_id,
      scope: scope.value,
      reason: reason.value.trim(),
      include_deleted: $("#create-deleted").checked,
      include_files: $("#create-files").checked,
      start_time: rfc3339($("#create-start")),
      end_time: rfc3339($("#create-end")),
    };
    const lists = {
      ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS: ["session_ids", "#session-ids"],
      ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT: ["webdev_project_uids", "#webdev-ids"],
      ENTERPRISE_EXPORT_SCOPE_PROJECT: ["project_uids", "#project-ids"],
    };
    const list = lists[scope.value];
    if (list) request[list[0]] = ids($(list[1]));
    idempotencyKey ??= crypto.randomUUID();
    const headers = { "Idempotency-Key": idempotencyKey };
    submit.disabled = true;
    const answer = await attempt(() => state.api.call("enterprise.export.create", request, headers), form);
    submit.disabled = false;
    if (!answer) return;
    idempotencyKey = null;
    notify(answer.deduped
      ? "An identical export is already running; showing it."
      : `Export ${answer.uid} created.`);
    onCreated(answer.uid);
  });
}

function exportPanel(state, onChange) {
  const section = $("#export");
  let uid = null;
  let timer = null;

  async function refresh() {
    const shown = uid;
    const answer = await attempt(() => state.api.call("enterprise.export.detail", { uid: shown }));
    if (!answer || shown !== uid) return;
    const record = answer.record;
    render(record);
    if (RUNNING.includes(record.status)) {
      timer = setTimeout(refresh, POLL_MS);
    } else if (timer !== null) {
      timer = null;
      onChange();
    }
  }

  function render(record) {
    const progress = record.progress ?? {};
    $("#export-uid").textContent = record.uid;
    $("#export-status").textContent = format.status(record.status);
    $("#export-attempt").textContent = record.attempt ?? 0;
    $("#export-sections").textContent = `${progress.sections_done ?? 0} of ${progress.sections_total ?? 0}`;
    $("#export-records").textContent = progress.records_written ?? 0;
    $("#export-bytes").textContent = format.bytes(progress.bytes_written);
    $("#export-reason").textContent = record.reason || "—";
    const bar = $("#export-progress");
    bar.max = Math.max(1, progress.sections_total ?? 0);
    bar.value = progress.sections_done ?? 0;
    const failure = $("#export-failure");
    failure.hidden = record.status !== "EXPORT_STATUS_FAILED";
    failure.textContent = `Failed${record.error_code ? ` (${record.error_code})` : ""}: ${record.error_message || "no reason recorded"}`;
    const cancel = $("#export-cancel");
    if (cancel) cancel.hidden = !RUNNING.includes(record.status);
    const download = $("#export-download");
    if (download) download.hidden = record.status !== "EXPORT_STATUS_COMPLETED" || Boolean(record.archive_expired_at);
  }

  $("#export-cancel")?.addEventListener("click", async () => {
    const shown = uid;
    const answer = await attempt(() =>
      state.api.call("enterprise.export.cancel", { uid: shown, reason: "cancelled on the admin page" }),
    );
    if (!answer) return;
    notify(`Export ${shown} cancelled.`);
    render(answer.record);
    onChange();
  });

  $("#export-download")?.addEventListener("click", async () => {
    const answer = await attempt(() => state.api.call("enterprise.export.downloadUrl", { uid }));
    if (!answer) return;
    // The link is signed and short-lived; it carries no API key.
    el("a", { href: answer.file_url, download: `${answer.uid}.zip` }).click();
  });

  return {
    show(newUid) {
      clearTimeout(timer);
      timer = null;
      uid = newUid;
      section.hidden = false;
      refresh();
      $("#export-title").focus();
    },
    hide() {
      clearTimeout(timer);
      timer = null;
      uid = null;
      section.hidden = true;
    },
  };
}

function exportHistory(state, onOpen) {
  const form = $("#history-form");
  const body = $("#history-table tbody");
  let nextToken = "";

  async function load(append) {
    const status = $("#history-status").value;
    const request = { user_id: state.member.user_id, page_token: append ? nextToken : "" };
    if (status) request.status = status;
    const answer = await attempt(() => state.api.call("enterprise.export.list", request), form);
    if (!answer) return;
    if (!append) body.replaceChildren();
    for (const record of answer.records) body.append(row(record));
    nextToken = answer.next_page_token;
    $("#history-table").hidden = body.children.length === 0;
    $("#history-empty").hidden = body.children.length > 0;
    $("#history-more").hidden = !nextToken;
  }

  function row(record) {
    return el(
      "tr",
      { "data-uid": record.uid },
      el("td", { "data-label": "Created" }, format.time(record.created_at)),
      el("td", { "data-label": "Scope" }, format.scope(record.scope)),
      el("td", { "data-label": "Status" }, format.status(record.status)),
      el("td", { "data-label": "Size" }, record.file_size_bytes ? format.bytes(record.file_size_bytes) : "—"),
      el("td", { "data-label": "Reason" }, record.reason || "—"),
      el("td", {}, el("button", { type: "button", class: "secondary", "aria-label": `Open export of ${format.time(record.created_at)}`, onclick: () => onOpen(record.uid) }, "Open")),
    );
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load(false);
  });
  $("#history-more").addEventListener("click", () => load(true));

  return {
    reload: () => load(false),
    reset() {
      body.replaceChildren();
      form.reset();
      load(false);
    },
  };
}
