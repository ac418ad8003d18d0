// The two comparison renderers, on a page of their own (same stylesheet as the panel, no CSP needed):
//   ?mode=naive  el.innerHTML = marked.parse(fullText) on every update (every delta message)
//   ?mode=frame  accumulate deltas, one marked.parse of the whole text per animation frame
// Messages have the panel's shapes (turnStart / delta / turnEnd), posted by the benchmark driver.
import { marked } from 'marked';

const mode = new URLSearchParams(location.search).get('mode') === 'frame' ? 'frame' : 'naive';
const el = document.getElementById('answer')!;
let text = '';
let scheduled = false;
const render = () => {
  scheduled = false;
  el.innerHTML = marked.parse(text) as string;
};
window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as { type?: string; content?: string };
  if (m?.type === 'turnStart') {
    text = '';
    el.replaceChildren();
  } else if (m?.type === 'delta' && m.content) {
    text += m.content;
    if (mode === 'naive') render();
    else if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(render);
    }
  }
});
(window as unknown as { __ready: boolean }).__ready = true;
