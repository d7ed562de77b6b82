// The admin page: sign in with an API key, find a member, preview, export, follow, download.
import { Api } from "./api.js";
import { session } from "./session.js";
import { $, attempt, clearError, notify } from "./ui.js";
import { memberSearch } from "./members.js";
import { taskPreview } from "./tasks.js";
import { exportsView } from "./exports.js";

const ROLE_NAMES = { API_KEY_ROLE_ADMIN: "administrator", API_KEY_ROLE_AUDITOR: "auditor (read only)" };

async function signIn(apiKey, form) {
  const api = new Api(apiKey);
  // Which controls to show depends on the key's role; a refused create would only say it later.
  const caller = await attempt(() => api.call("enterprise.caller.detail"), form);
  if (!caller) {
    session.clear();
    return;
  }
  session.save(apiKey);
  start({ api, caller, mayExport: caller.role === "API_KEY_ROLE_ADMIN", member: null });
}

function start(state) {
  if (!state.mayExport) {
    // An auditor's page has no create, cancel or download controls at all.
    document.querySelectorAll("[data-admin-only]").forEach((control) => control.remove());
  }
  $("#sign-in").hidden = true;
  $("#workspace").hidden = false;
  $("#caller").hidden = false;
  $("#caller-text").textContent =
    `${state.caller.enterprise_uid} · ${ROLE_NAMES[state.caller.role] ?? state.caller.role}`;
  const tasks = taskPreview(state);
  const exports = exportsView(state);
  memberSearch(state, (member) => {
    state.member = member;
    clearError();
    notify("");
    $("#member-view").hidden = false;
    $("#member-title").textContent = `${member.name || member.email} — ${member.email}`;
    tasks.reset();
    exports.reset();
    $("#member-title").focus();
  });
  $("#member-query").focus();
}

function init() {
  $("#sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const key = $("#api-key").value.trim();
    $("#api-key").value = "";
    signIn(key, event.target);
  });
  $("#sign-out").addEventListener("click", () => {
    session.clear();
    // A fresh page drops every member, export and timer the signed-in page held.
    location.replace("/admin/");
  });
  const saved = session.load();
  if (saved) signIn(saved, $("#sign-in-form"));
  else $("#api-key").focus();
}

init();
