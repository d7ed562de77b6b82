// Finding a member: enterprise.member.search, paged; picking one opens their view.
import { $, el, attempt, format } from "./ui.js";

export function memberSearch(state, onSelect) {
  const form = $("#member-form");
  const body = $("#member-table tbody");
  let query = "";
  let nextToken = "";

  async function load(append) {
    const answer = await attempt(
      () => state.api.call("enterprise.member.search", { query, page_token: append ? nextToken : "" }),
      form,
    );
    if (!answer) return;
    if (!append) body.replaceChildren();
    for (const member of answer.members) body.append(row(member));
    nextToken = answer.next_page_token;
    $("#member-table").hidden = body.children.length === 0;
    $("#member-empty").hidden = body.children.length > 0;
    $("#member-more").hidden = !nextToken;
  }

  function row(member) {
    const badges = el("td", { "data-label": "Membership" });
    if (member.former_member) badges.append(el("span", { class: "badge former" }, `left ${format.time(member.left_at)}`));
    else badges.append(el("span", { class: "badge current" }, "current member"));
    if (member.deleted) badges.append(el("span", { class: "badge deleted" }, "deleted account"));
    const label = member.name || member.email;
    return el(
      "tr",
      {},
      el("td", { "data-label": "Name" }, member.name || "—"),
      el("td", { "data-label": "Email" }, member.email),
      badges,
      el("td", {}, el("button", { type: "button", class: "secondary", "aria-label": `Open ${label}`, onclick: () => onSelect(member) }, "Open")),
    );
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    query = $("#member-query").value.trim();
    load(false);
  });
  $("#member-more").addEventListener("click", () => load(true));
}
