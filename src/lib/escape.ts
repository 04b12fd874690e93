/** Escapes text for HTML and XML content and attribute values: report text is untrusted. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Escapes text with the named XML entities only, for XML that an XML parser reads and writes out again
 * (@astrojs/rss's customData): its parser decodes these, while a numeric reference (escapeHtml's) would come
 * out escaped twice, "&amp;#60;".
 */
export function escapeXmlNamed(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
