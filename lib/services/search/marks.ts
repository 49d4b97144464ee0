// Search highlights are delimited by these control characters, never by HTML, so nothing is injected.
// Kept apart from the search service so the browser can import them without the database client.
export const MARK_START = "\u0001";
export const MARK_END = "\u0002";
