// The admin page: sign in with an API key; then two views. Members: find a member,
// preview, export, follow, download. Data & Export: the whole-workspace export.
import { Api } from "./api.js";
import { session } from "./session.js";
import { $, attempt, clearError, notify } from "./ui.js";
import { memberSearch } from "./members.js";
import { taskPreview } from "./tasks.js";
import { exportsView } from "./exports.js";
import { workspaceExportView } from "./workspace.js";

/** The views, by the hash their navigation links set. */
const VIEWS = { members: "#view-members", "data-export": "#view-data-export" };
const VIEW_FOCUS = { members: "#member-query", "data-export": "#data-export-title" };

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
  const views = { "data-export": workspaceExportView(state) };
  const show = (name) => {
    for (const [view, selector] of Object.entries(VIEWS)) $(selector).hidden = view !== name;
    document.querySelectorAll("nav.views a").forEach((link) => {
      if (link.dataset.view === name) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
    views[name]?.shown();
    $(VIEW_FOCUS[name]).focus();
  };
  // The links set the hash (so a reload stays in the view); other hashes (#main) change nothing.
  window.addEventListener("hashchange", () => {
    const name = location.hash.slice(1);
    if (Object.hasOwn(VIEWS, name)) {
      clearError();
      notify("");
      show(name);
    }
  });
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
  const asked = location.hash.slice(1);
  show(Object.hasOwn(VIEWS, asked) ? asked : "members");
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
