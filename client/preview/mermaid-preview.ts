/**
 * Runs inside VS Code's built-in Markdown preview (contributed through
 * `contributes.markdown.previewScripts`) and draws every ```mermaid block as a picture,
 * with the `mermaid` library bundled into this one file: nothing is fetched.
 *
 * The preview's strict Content-Security-Policy allows scripts by nonce only (no eval, no
 * workers, no network) and inline styles; mermaid's SVG carries its styles inline, which
 * that policy allows. A diagram mermaid cannot read keeps its source on screen under a
 * short error. The preview replaces or patches its document on every edit and fires
 * `vscode.markdown.updateContent`; both that event and a DOM observer schedule a pass,
 * and a pass draws only the blocks that lost their picture (unchanged ones come from the cache).
 */
import mermaid from 'mermaid';
import { DIAGRAM_SELECTOR, DiagramCache, diagramError, diagramTheme, type DiagramTheme } from './diagrams';

/** Marks a `<pre>` this script has handled, with the theme it was drawn in. */
const HANDLED = 'data-roo-mermaid';
/** The element this script inserts before a handled `<pre>`. */
const FIGURE_CLASS = 'roo-mermaid';

type Drawn = { svg: string } | { error: string };

const cache = new DiagramCache<Drawn>();
let renders = 0;
let running: Promise<void> | undefined;
let again = false;

function currentTheme(): DiagramTheme {
  return diagramTheme(document.body.classList);
}

async function draw(source: string, theme: DiagramTheme): Promise<Drawn> {
  const cached = cache.get(source, theme);
  if (cached) return cached;
  const id = `roo-mermaid-${++renders}`;
  let drawn: Drawn;
  try {
    // parse first: it throws mermaid's own message for a diagram it cannot read.
    await mermaid.parse(source);
    const { svg } = await mermaid.render(id, source);
    drawn = { svg };
  } catch (error) {
    drawn = { error: diagramError(error) };
  } finally {
    // mermaid measures in a scratch element in <body> and may leave it behind on failure.
    for (const leftover of document.querySelectorAll(`#${id}, #d${id}, #i${id}`)) leftover.remove();
  }
  cache.set(source, theme, drawn);
  return drawn;
}

function figureFor(pre: Element, drawn: Drawn): HTMLElement {
  const figure = document.createElement('div');
  figure.className = FIGURE_CLASS;
  if ('svg' in drawn) {
    figure.classList.add(`${FIGURE_CLASS}-diagram`);
    figure.innerHTML = drawn.svg;
    figure.setAttribute('role', 'img');
    (pre as HTMLElement).hidden = true;
  } else {
    figure.classList.add(`${FIGURE_CLASS}-error`);
    const title = document.createElement('strong');
    title.textContent = 'Mermaid could not draw this diagram:';
    const message = document.createElement('pre');
    message.textContent = drawn.error;
    figure.append(title, message);
    (pre as HTMLElement).hidden = false;
  }
  return figure;
}

/** One pass over the document: (re)draws each block that is new, edited, or in another theme. */
async function pass(): Promise<void> {
  const theme = currentTheme();
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme, suppressErrorRendering: true });
  for (const code of document.querySelectorAll(DIAGRAM_SELECTOR)) {
    const pre = code.parentElement;
    if (!pre) continue;
    const source = code.textContent ?? '';
    const previous = pre.previousElementSibling;
    const stamp = `${theme}:${source.length}:${hash(source)}`;
    if (pre.getAttribute(HANDLED) === stamp && previous?.classList.contains(FIGURE_CLASS)) continue;
    const drawn = await draw(source, theme);
    // The document may have changed while mermaid worked: skip a block that left it.
    if (!pre.isConnected) continue;
    if (pre.previousElementSibling?.classList.contains(FIGURE_CLASS)) pre.previousElementSibling.remove();
    pre.before(figureFor(pre, drawn));
    pre.setAttribute(HANDLED, stamp);
  }
}

/** A short fingerprint of a diagram's text (not security: only "did it change"). */
function hash(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}

/** Runs passes one at a time; a request during a pass runs one more pass after it. */
function schedule(): void {
  if (running) {
    again = true;
    return;
  }
  running = pass()
    .catch((error) => console.error('roo-devops mermaid preview:', error))
    .finally(() => {
      running = undefined;
      if (again) {
        again = false;
        schedule();
      }
    });
}

window.addEventListener('vscode.markdown.updateContent', schedule);
// A theme change re-classes <body>; a patched document may not fire the event above.
new MutationObserver((records) => {
  const ours = (node: Node) => node instanceof Element && (node.classList.contains(FIGURE_CLASS) || node.closest(`.${FIGURE_CLASS}`) !== null || node.id.startsWith('droo-mermaid-') || node.id.startsWith('roo-mermaid-'));
  const relevant = records.some((r) => (r.type === 'attributes' && r.target === document.body) || [...r.addedNodes, ...r.removedNodes].some((n) => !ours(n)));
  if (relevant) schedule();
}).observe(document.body, { attributes: true, attributeFilter: ['class'], childList: true, subtree: true });
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', schedule);
else schedule();
