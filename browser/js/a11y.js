// Material's search is a role="dialog" without a name; screen readers announce it as "dialog". Name it.
document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach((el) => el.setAttribute("aria-label", "Search this site"));
