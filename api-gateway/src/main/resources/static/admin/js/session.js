// The API key lives in this tab's sessionStorage only: never a cookie, never a URL, gone with the tab.
const KEY = "dataexport.admin.apiKey";

export const session = {
  load: () => sessionStorage.getItem(KEY),
  save: (apiKey) => sessionStorage.setItem(KEY, apiKey),
  clear: () => sessionStorage.removeItem(KEY),
};
