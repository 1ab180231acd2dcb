/**
 * JSON helpers shared by the rules that read JSON files. The JSON parser the
 * product uses recurses per nesting level, so a pathological file (thousands of
 * `[`) would exhaust the stack; callers check the depth first.
 */

/** Deeper than any real configuration file; deep enough to be safe for a recursive parser. */
export const MAX_JSON_DEPTH = 1000;

/** Offset of the bracket that first goes deeper than `MAX_JSON_DEPTH`, or undefined when the text stays within it. */
export function jsonTooDeepAt(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  return undefined;
}

/**
 * JSON files that their tools read with comments and trailing commas allowed
 * (JSON with Comments): TypeScript and VS Code configuration, dev containers,
 * `*.jsonc`. Reporting comments there would be false errors.
 */
export function isJsonWithComments(path: string): boolean {
  return (
    /\.jsonc$/i.test(path) ||
    /(^|\/)(tsconfig|jsconfig)(\.[\w.-]+)?\.json$/i.test(path) ||
    /(^|\/)\.vscode\/[^/]+\.json$/i.test(path) ||
    /(^|\/)\.?devcontainer(\.json|\/[^/]+\.json)$/i.test(path) ||
    /(^|\/)(\.eslintrc|\.babelrc|turbo|renovate|biome|deno|\.swcrc|api-extractor|tslint)\.json$/i.test(path) ||
    /\.code-workspace$/i.test(path)
  );
}
