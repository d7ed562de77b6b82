// Small DOM helpers shared by the page's parts; text only ever goes in as text, never as HTML.

export const $ = (selector) => document.querySelector(selector);

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "onclick") node.addEventListener("click", value);
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value != null) node.setAttribute(name, value);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
  }
  return node;
}

/** Shows an API error; marks the form field it names, so the user lands on what to fix. */
export function showError(error, form) {
  clearError();
  const box = $("#error");
  const requestId = error.requestId ? ` (request ${error.requestId})` : "";
  box.textContent = `${error.code ?? "error"}: ${error.message}${requestId}`;
  box.hidden = false;
  const field = form && error.field ? form.querySelector(`[name="${error.field}"]`) : null;
  if (field) {
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-errormessage", "error");
    field.focus();
  }
}

export function clearError() {
  const box = $("#error");
  box.hidden = true;
  box.textContent = "";
  document.querySelectorAll("[aria-invalid]").forEach((field) => {
    field.removeAttribute("aria-invalid");
    field.removeAttribute("aria-errormessage");
  });
}

export function notify(text) {
  $("#notice").textContent = text;
}

/** Runs an action of a form or button, showing its error; returns its result, or undefined. */
export async function attempt(action, form) {
  clearError();
  try {
    return await action();
  } catch (error) {
    showError(error, form);
    return undefined;
  }
}

export const format = {
  time: (iso) => (iso ? new Date(iso).toLocaleString() : "—"),
  bytes(value) {
    const n = Number(value ?? 0);
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
    return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  },
  // EXPORT_STATUS_PENDING and WORKSPACE_EXPORT_STATUS_PENDING both read "pending"
  status: (status) => (status ?? "").replace(/^(WORKSPACE_)?EXPORT_STATUS_/, "").toLowerCase(),
  count: (value) => Number(value ?? 0).toLocaleString(),
  scope: (scope) => (scope ?? "").replace("ENTERPRISE_EXPORT_SCOPE_", "").toLowerCase().replaceAll("_", " "),
};

/** A datetime-local input's value as RFC 3339, or undefined when empty. */
export function rfc3339(input) {
  return input.value ? new Date(input.value).toISOString() : undefined;
}

/** The non-empty lines (or comma-separated items) of a textarea. */
export function ids(textarea) {
  return textarea.value.split(/[\s,]+/).filter((id) => id.length > 0);
}
