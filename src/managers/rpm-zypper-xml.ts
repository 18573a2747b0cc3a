// Just enough XML for zypper's --xmlout stream: flat elements with double-quoted attributes,
// sections like <to-upgrade>...</to-upgrade>, and <message type=...>text</message>.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, ent: string) => {
    if (ent.startsWith('#x')) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    if (ent.startsWith('#')) return String.fromCodePoint(parseInt(ent.slice(1), 10));
    return ENTITIES[ent] ?? whole;
  });
}

function readAttrs(raw: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of raw.matchAll(/([A-Za-z_][-\w.:]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attrs[m[1]!] = decodeXml(m[2] ?? m[3] ?? '');
  }
  return attrs;
}

export interface XmlElement {
  attrs: Record<string, string>;
  /** Text and markup between the start and end tag ('' for an empty element). */
  inner: string;
}

/** Every `<tag ...>` / `<tag .../>` in `xml`, with its attributes and inner markup. */
export function xmlElements(xml: string, tag: string): XmlElement[] {
  const out: XmlElement[] = [];
  const open = new RegExp(`<${tag}(\\s[^>]*?)?(/?)>`, 'g');
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    const attrs = readAttrs(m[1] ?? '');
    if (m[2] === '/') {
      out.push({ attrs, inner: '' });
      continue;
    }
    const close = xml.indexOf(`</${tag}>`, open.lastIndex);
    const inner = close < 0 ? '' : xml.slice(open.lastIndex, close);
    out.push({ attrs, inner });
  }
  return out;
}

/** Text of the <message type="error"> elements (zypper's own error lines). */
export function xmlErrors(xml: string): string[] {
  return xmlElements(xml, 'message')
    .filter((e) => e.attrs.type === 'error')
    .map((e) => decodeXml(e.inner).trim());
}
