// Previewing a member's tasks with the export's time and deleted filters; ticking sessions fills
// the custom export's session ids.
import { $, el, attempt, format, rfc3339, ids } from "./ui.js";

export function taskPreview(state) {
  const form = $("#task-form");
  const body = $("#task-table tbody");
  let nextToken = "";
  let filters = {};

  function request(append) {
    return {
      user_id: state.member.user_id,
      ...filters,
      page_token: append ? nextToken : "",
    };
  }

  async function load(append) {
    const answer = await attempt(() => state.api.call("enterprise.task.list", request(append)), form);
    if (!answer) return;
    if (!append) body.replaceChildren();
    for (const task of answer.tasks) body.append(row(task));
    nextToken = answer.next_page_token;
    $("#task-table").hidden = body.children.length === 0;
    $("#task-empty").hidden = body.children.length > 0;
    $("#task-more").hidden = !nextToken;
  }

  function row(task) {
    const cells = [];
    // Only a key that may export has the custom export's field to pick sessions into.
    if ($("#session-ids")) {
      const box = el("input", {
        type: "checkbox",
        value: task.session_id,
        checked: ids($("#session-ids")).includes(task.session_id),
        "aria-label": `Pick ${task.title || task.session_id} for a custom export`,
      });
      box.addEventListener("change", () => pick(task.session_id, box.checked));
      cells.push(el("td", { "data-label": "Pick" }, box));
    }
    return el(
      "tr",
      {},
      ...cells,
      el("td", { "data-label": "Title" }, task.title || task.session_id),
      el("td", { "data-label": "Created" }, format.time(task.created_at)),
      el("td", { "data-label": "Files" }, task.file_count ?? 0),
      el("td", { "data-label": "State" }, task.deleted ? el("span", { class: "badge deleted" }, "deleted") : "active"),
    );
  }

  /** Keeps the picked sessions in the custom export's field, the one place they are held. */
  function pick(sessionId, on) {
    const field = $("#session-ids");
    const picked = new Set(ids(field));
    if (on) picked.add(sessionId);
    else picked.delete(sessionId);
    field.value = [...picked].join("\n");
    const scope = $("#scope");
    if (scope && picked.size > 0) {
      scope.value = "ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS";
      scope.dispatchEvent(new Event("change"));
    }
    $("#picked-count").textContent = picked.size
      ? `${picked.size} session${picked.size === 1 ? "" : "s"} picked for a custom export.`
      : "";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    filters = {
      start_time: rfc3339($("#task-start")),
      end_time: rfc3339($("#task-end")),
      include_deleted: $("#task-deleted").checked,
    };
    load(false);
  });
  $("#task-more").addEventListener("click", () => load(true));

  return {
    reset() {
      body.replaceChildren();
      nextToken = "";
      filters = {};
      form.reset();
      $("#task-table").hidden = true;
      $("#task-empty").hidden = true;
      $("#task-more").hidden = true;
      const picker = $("#session-ids");
      if (picker) picker.value = "";
      $("#picked-count").textContent = "";
    },
  };
}
