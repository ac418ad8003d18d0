// Installed in the workbench page: the times (Date.now(), comparable with the bench process and the
// extension host on this machine) at which ghost text was painted in the editor, i.e. the first
// animation frame after an inline-suggestion element appeared where there was none.

export function installGhostProbe(): void {
  const w = window as unknown as { __ghostPainted: number[] };
  w.__ghostPainted = [];
  let shown = false;
  const check = (): void => {
    const now = document.querySelector('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text') !== null;
    if (now && !shown) requestAnimationFrame(() => w.__ghostPainted.push(Date.now()));
    shown = now;
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
}
