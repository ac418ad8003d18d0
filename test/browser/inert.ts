// What "inert" means for the transcript: no element that can run script or fetch a remote
// resource, no event-handler or style attributes, only http(s)/mailto URLs, nothing ran.

import type { PanelPage } from './harness';

export const FORBIDDEN = 'script, iframe, img, svg, style, form, input, object, embed, link, meta, video, audio, source, frame, frameset, base';

export async function inspect(panel: PanelPage): Promise<{ forbidden: string[]; handlers: string[]; styles: number; badHrefs: string[]; pwned: unknown }> {
  return panel.page.evaluate((forbidden) => {
    const log = document.querySelector('[role="log"]')!;
    const handlers: string[] = [];
    let styles = 0;
    for (const el of Array.from(log.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        if (attr.name.startsWith('on')) handlers.push(`${el.nodeName} ${attr.name}`);
        if (attr.name === 'style') styles++;
      }
    }
    const badHrefs = Array.from(log.querySelectorAll('[href], [src], [action], [formaction], [xlink\\:href]'))
      .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action') ?? '')
      .filter((href) => !/^(https?:|mailto:)/i.test(href));
    return {
      forbidden: Array.from(log.querySelectorAll(forbidden)).map((el) => el.outerHTML),
      handlers,
      styles,
      badHrefs,
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    };
  }, FORBIDDEN);
}

